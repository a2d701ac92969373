import type { Page } from '@playwright/test';
import { DEFAULT_TOKEN, startCluedInFake, type CluedInFake } from '../emulators/destinations/cluedin';
import { SEED, seedSizes, startEmulator, type EmulatorHandle } from '../emulators/snowflake';
import { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, startFloe, test, type FloeHost } from './floe-host';
import { addDemoConnection, counter, editorStep, mainShot, ruleTargets, saveNewSync } from './page-helpers';

// CluedIn from a user's side: the destination made in the form (endpoint URL, entity type, the
// API token into the keychain) and pointed at the fake, a test record (stored for real, so the
// button asks twice), a changed-rows sync of the demo users as Customer entities mapped from the
// preset, its dry run showing the records CluedIn will store, a run the fake confirms, and a
// user deleted in the warehouse arriving as one tombstone. Other suites may share the machine:
// slow steps wait long.
const SLOW = { timeout: 60_000 };
const ROWS = 400;
const USERS = seedSizes(ROWS).users;
const GONE = 'user_0000007';
const TEST_RECORD = 'floe-test-record';

let emulator: EmulatorHandle;
let cluedin: CluedInFake;
let host: FloeHost;

test.beforeAll(async () => {
  emulator = await startEmulator({ rows: ROWS });
  cluedin = await startCluedInFake();
  host = await startFloe();
  const client = await HostClient.connect(host.url);
  await addDemoConnection(client, emulator);
  client.close();
});
test.afterAll(async () => {
  await host?.stop();
  await cluedin?.close();
  await emulator?.close();
});

const shot = (page: Page, name: string) => mainShot(page, `cluedin-${name}`);
/** What the sync sent, without the form's test record. */
const synced = () => cluedin.records().filter((r) => r.externalId !== TEST_RECORD);

test('CluedIn: the form, a stored test record, a diff sync of users as Customer, its dry run, a run the fake confirms and a delete as one tombstone', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = pageErrors(page);
  await page.goto(host.url);

  await page.getByRole('link', { name: 'Destinations' }).click();
  await page.getByRole('button', { name: 'New destination' }).click();
  const form = page.getByRole('form', { name: 'New destination' });
  await form.getByRole('radio', { name: /CluedIn/ }).check();
  await form.getByLabel('Name', { exact: true }).fill('CluedIn customers');
  // The descriptor's defaults, and what a user must know before the first run.
  await expect(form.getByLabel('Send deletes as tombstones')).toBeChecked();
  await expect(form.getByLabel('Body format')).toHaveValue('json');
  await expect(form.getByLabel('Compress request bodies with gzip')).toBeChecked();
  await expect(form.getByText('CluedIn → Ingestion → Endpoints → your endpoint → View instructions').first()).toBeVisible();
  await expect(form.getByText(/Its externalId is the sync’s primary key.*A 200 only means CluedIn received the records; it processes them later/)).toBeVisible();
  await expect(form.getByText(/posts one real record, externalId floe-test-record, and CluedIn stores it/)).toBeVisible();
  // The URL, the entity type and the token are asked for before anything is saved.
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(form.getByLabel('Ingestion endpoint URL')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Entity type')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Ingestion endpoint URL').fill(`${cluedin.url}/api/v2/clue`);
  await form.getByLabel('Entity type').fill('Customer');
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(form.getByText(/Paste the ingestion endpoint’s POST URL/)).toBeVisible();
  await form.getByLabel('Ingestion endpoint URL').fill(cluedin.endpointUrl());
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(form.getByLabel('API token')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('API token').fill(DEFAULT_TOKEN);
  await form.getByText('Advanced: batch size and concurrency').click();
  await expect(form.getByLabel('Records per request')).toHaveValue('1000');
  await shot(page, 'form');
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved CluedIn customers. Its API token is saved in the keychain.' })).toBeVisible(SLOW);
  const row = page.getByRole('row', { name: /CluedIn customers/ });
  await expect(row).toContainText(`POST ${cluedin.endpointUrl()} (Customer)`);
  expect(await page.content()).not.toContain(DEFAULT_TOKEN);

  // The test record is stored for real: the first click only says so.
  await page.getByRole('button', { name: 'Send test record to CluedIn customers' }).click();
  expect(cluedin.requests()).toHaveLength(0);
  await shot(page, 'test-record-confirm');
  await page.getByRole('button', { name: 'Store floe-test-record in CluedIn' }).click();
  const panel = page.getByRole('region', { name: 'Test record of CluedIn customers' });
  await expect(panel.getByTestId('test-event-outcome')).toContainText('Accepted', SLOW);
  await expect(panel.getByTestId('test-event-status')).toHaveText('HTTP 200');
  const receipt = cluedin.requests()[0]!.receiptId!;
  await expect(panel.getByTestId('test-event-message')).toContainText(`receipt ${receipt}`);
  await expect(panel.getByTestId('test-event-message')).toContainText('A 200 means received; CluedIn processes it later.');
  await expect(panel.getByLabel('Test request body', { exact: true })).toContainText(TEST_RECORD);
  await expect(panel.getByText('authorization: Bearer ••••••')).toBeVisible();
  await shot(page, 'test-record');
  await panel.getByRole('button', { name: 'Close' }).click();
  expect(cluedin.records()).toEqual([expect.objectContaining({ externalId: TEST_RECORD, type: 'Customer', deleted: false })]);

  // A changed-rows sync of the demo users, mapped from the preset; names with a space or a dot on purpose.
  await page.getByRole('link', { name: 'Syncs' }).click();
  await page.getByRole('button', { name: 'New sync' }).first().click();
  const sync = page.getByRole('form', { name: 'New sync' });
  await sync.getByLabel('Name', { exact: true }).fill('Customers to CluedIn');
  await sync.getByRole('textbox', { name: 'SQL query' }).click();
  await page.keyboard.insertText(`SELECT USER_ID, EMAIL, FIRST_NAME AS "first name", CITY AS "address.city", PLAN, UPDATED_AT FROM ${SEED.tables.users}`);
  await sync.getByRole('button', { name: 'Preview' }).click();
  await expect(sync.getByRole('table', { name: 'Preview rows' })).toBeVisible(SLOW);
  await editorStep(sync, 'Destination');
  await sync.getByLabel('Destination', { exact: true }).selectOption({ label: 'CluedIn customers' });
  await expect(sync.getByTestId('sync-data-type')).toContainText('Sends entities: each row becomes one entity record');
  await editorStep(sync, 'Mapping');
  expect(await ruleTargets(sync)).toEqual(['timestamp']);
  await expect(sync.getByLabel('Field 1 column', { exact: true })).toHaveValue('UPDATED_AT');
  await expect(sync.getByLabel('Other columns')).toHaveValue('properties');
  await editorStep(sync, 'Strategy and schedule');
  await sync.getByRole('radio', { name: /Changed rows only/ }).check();
  // The externalId is the primary key: without one the form goes back to the field and says why beside it.
  await editorStep(sync, 'Dry run and save');
  await sync.getByRole('button', { name: 'Save sync' }).click();
  await expect(sync.locator('#sync-primary-key-error')).toHaveText(/^CluedIn syncs need a primary key\. CluedIn identifies each entity by its externalId/);
  await sync.getByRole('group', { name: 'Primary key columns' }).getByRole('checkbox', { name: 'USER_ID' }).check();
  await saveNewSync(page, sync, 'Customers to CluedIn');
  const syncRow = page.getByRole('row', { name: /Customers to CluedIn/ });
  await expect(syncRow).toContainText('Never run', SLOW);

  await syncRow.getByRole('button', { name: 'Dry run' }).click();
  const dryRun = page.getByRole('region', { name: 'Dry run' });
  const body = dryRun.getByLabel('Request 1 body', { exact: true });
  await expect(body.or(dryRun.getByRole('alert'))).toBeVisible(SLOW);
  expect(await dryRun.getByRole('alert').allTextContents()).toEqual([]);
  // The record as CluedIn will store it: externalId from USER_ID, the entity type, the time in UTC, names cleaned.
  await expect(body).toContainText('"externalId":"user_0000000","type":"Customer"');
  await expect(body).toContainText(/"timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/);
  await expect(body).toContainText('"first_name":');
  await expect(body).toContainText('"address_city":');
  await expect(body).not.toContainText('"first name"');
  await expect(dryRun.getByRole('table', { name: 'Sample rows' })).toContainText('"address_city":');
  await expect(dryRun.getByTestId('request-line').first()).toHaveText(`POST ${cluedin.endpointUrl()}`);
  await expect(dryRun.getByText('authorization: Bearer ••••••')).toBeVisible();
  await expect(dryRun.getByText('content-encoding: gzip')).toBeVisible();
  await expect(dryRun.getByTestId('dry-send')).toHaveText(String(USERS));
  await shot(page, 'dry-run');
  await dryRun.getByRole('button', { name: 'Close dry run' }).click();
  expect(synced()).toHaveLength(0);

  await syncRow.getByRole('button', { name: 'Run now' }).click();
  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 120_000 });
  const first = { read: await counter(progress, 'read'), sent: await counter(progress, 'sent'), rejected: await counter(progress, 'rejected') };
  expect(first).toEqual({ read: USERS, sent: USERS, rejected: 0 });
  expect(synced()).toHaveLength(first.sent);
  const ids = (await emulator.sql(`SELECT USER_ID FROM ${SEED.tables.users}`)).map((r) => r.USER_ID as string);
  expect(synced().map((r) => r.externalId).sort()).toEqual(ids.sort());
  expect(synced().every((r) => r.type === 'Customer' && !r.deleted && r.externalId === r.properties?.user_id)).toBe(true);
  // Each answer's receipt id is kept with the run.
  const receipts = cluedin.requests().slice(1).map((r) => r.receiptId!);
  await progress.getByRole('button', { name: 'Open run details' }).click();
  const detail = page.getByRole('article', { name: 'Run details' });
  await expect(detail.getByTestId('run-status')).toHaveText('Succeeded');
  await expect(detail.getByRole('table', { name: 'Batch receipts' })).toContainText(receipts[0]!);
  await shot(page, 'run-detail');

  // A user deleted in the warehouse: the next run sends its tombstone and nothing else.
  await emulator.sql(`DELETE FROM ${SEED.tables.users} WHERE USER_ID = '${GONE}'`);
  await page.getByRole('link', { name: 'Syncs' }).click();
  await progress.getByRole('button', { name: 'Close' }).click();
  await syncRow.getByRole('button', { name: 'Run now' }).click();
  await expect(progress.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 120_000 });
  const second = { sent: await counter(progress, 'sent'), unchanged: await counter(progress, 'unchanged'), deleted: await counter(progress, 'deleted') };
  expect(second).toEqual({ sent: 0, unchanged: USERS - 1, deleted: 1 });
  expect(cluedin.tombstones()).toEqual([expect.objectContaining({ externalId: GONE, type: 'Customer', deleted: true })]);
  expect(cluedin.tombstones()[0]!.properties).toBeUndefined();
  await progress.getByRole('button', { name: 'Open run details' }).click();
  await expect(detail.getByTestId('run-status')).toHaveText('Succeeded');
  await shot(page, 'second-run-detail');
  expect(errors).toEqual([]);
});
