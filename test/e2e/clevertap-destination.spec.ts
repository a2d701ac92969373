import type { Page } from '@playwright/test';
import { startCleverTapFake, type CleverTapFake } from '../emulators/destinations/clevertap';
import { SEED, seedSizes, startEmulator, type EmulatorHandle } from '../emulators/snowflake';
import { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, startFloe, test, type FloeHost } from './floe-host';
import { addDemoConnection, counter, editorStep, mainShot, ruleTargets, saveNewSync } from './page-helpers';

// CleverTap from a user's side: the destination made in the form (account id, region, identity,
// the passcode into the keychain) and pointed at the fake, a test event sent as CleverTap's dry
// run, a profiles sync built from the data type's preset, its dry run showing the upload, and a
// run whose count the fake confirms. Other suites may share the machine: slow steps wait long.
const SLOW = { timeout: 60_000 };
const ROWS = 400;
const USERS = seedSizes(ROWS).users;
const EVENTS = seedSizes(ROWS).events;
const PASSCODE = 'CT_PASSCODE';

let emulator: EmulatorHandle;
let clevertap: CleverTapFake;
let host: FloeHost;

test.beforeAll(async () => {
  emulator = await startEmulator({ rows: ROWS });
  clevertap = await startCleverTapFake();
  host = await startFloe();
  const client = await HostClient.connect(host.url);
  await addDemoConnection(client, emulator);
  client.close();
});
test.afterAll(async () => {
  await host?.stop();
  await clevertap?.close();
  await emulator?.close();
});

const shot = (page: Page, name: string) => mainShot(page, `clevertap-${name}`);



test('CleverTap: the form, a dry-run test event, a profiles sync mapped from the preset, its dry run and a run the fake confirms', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = pageErrors(page);
  await page.goto(host.url);

  await page.getByRole('link', { name: 'Destinations' }).click();
  await page.getByRole('button', { name: 'New destination' }).click();
  const form = page.getByRole('form', { name: 'New destination' });
  await form.getByRole('radio', { name: /CleverTap/ }).check();
  await form.getByLabel('Name', { exact: true }).fill('CleverTap project');
  await expect(form.getByLabel('Region')).toHaveValue('eu1');
  await expect(form.getByLabel('Identify users by')).toHaveValue('identity');
  await expect(form.getByText(/CleverTap has no idempotency key.*evtData\.floe_id/)).toBeVisible();
  await form.getByLabel('Endpoint override (optional)').fill(clevertap.url);
  // The account id and the passcode are asked for before anything is saved.
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(form.getByLabel('Account ID')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Account ID').fill('CT_ACCOUNT');
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(form.getByLabel('Passcode')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Passcode').fill(PASSCODE);
  await shot(page, 'form');
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved CleverTap project. Its passcode is saved in the keychain.' })).toBeVisible(SLOW);
  const row = page.getByRole('row', { name: /CleverTap project/ });
  await expect(row).toContainText(`${clevertap.url}/1/upload (account CT_ACCOUNT`);
  expect(await page.content()).not.toContain(PASSCODE);

  await page.getByRole('button', { name: 'Send test event to CleverTap project' }).click();
  const panel = page.getByRole('region', { name: 'Test event of CleverTap project' });
  await expect(panel.getByTestId('test-event-outcome')).toContainText('Accepted', SLOW);
  await expect(panel.getByTestId('test-event-status')).toHaveText('HTTP 200');
  await expect(panel.getByLabel('Test request body', { exact: true })).toContainText('Floe test event');
  await shot(page, 'test-event');
  await panel.getByRole('button', { name: 'Close' }).click();
  // A CleverTap dry run: checked, stored nowhere.
  expect(clevertap.requests()).toMatchObject([{ dryRun: true, processed: 1, stored: 0 }]);

  await page.getByRole('link', { name: 'Syncs' }).click();
  await page.getByRole('button', { name: 'New sync' }).first().click();
  const sync = page.getByRole('form', { name: 'New sync' });
  await sync.getByLabel('Name', { exact: true }).fill('Profiles to CleverTap');
  await sync.getByRole('textbox', { name: 'SQL query' }).click();
  await page.keyboard.insertText(`SELECT USER_ID, EMAIL, FIRST_NAME, PHONE, BIRTH_DATE, PLAN, UPDATED_AT FROM ${SEED.tables.users}`);
  await sync.getByRole('button', { name: 'Preview' }).click();
  await expect(sync.getByRole('table', { name: 'Preview rows' })).toBeVisible(SLOW);
  await editorStep(sync, 'Destination');
  await sync.getByLabel('Destination', { exact: true }).selectOption({ label: 'CleverTap project' });
  await expect(sync.getByLabel('Data type')).toHaveValue('profiles');
  await editorStep(sync, 'Mapping');
  expect(await ruleTargets(sync)).toEqual(['identity', 'profileData.Email', 'profileData.Phone', 'profileData.DOB', 'ts']);
  await expect(sync.getByLabel('Other columns')).toHaveValue('profileData');
  await editorStep(sync, 'Strategy and schedule');
  await sync.getByRole('group', { name: 'Primary key columns' }).getByRole('checkbox', { name: 'USER_ID' }).check();
  await saveNewSync(page, sync, 'Profiles to CleverTap');
  const syncRow = page.getByRole('row', { name: /Profiles to CleverTap/ });
  await expect(syncRow).toContainText('Never run', SLOW);

  await syncRow.getByRole('button', { name: 'Dry run' }).click();
  const dryRun = page.getByRole('region', { name: 'Dry run' });
  const body = dryRun.getByLabel('Request 1 body', { exact: true });
  await expect(body.or(dryRun.getByRole('alert'))).toBeVisible(SLOW);
  expect(await dryRun.getByRole('alert').allTextContents()).toEqual([]);
  await expect(body).toContainText('"type":"profile"');
  await expect(body).toContainText('"identity":"user_0000000"');
  await expect(body).toContainText('"Email":"user0000000@example.com"');
  await expect(body).toContainText('"DOB":"$D_');
  await expect(dryRun.getByTestId('request-line').first()).toHaveText(`POST ${clevertap.url}/1/upload`);
  await expect(dryRun.getByText('x-clevertap-passcode: ••••••')).toBeVisible();
  await expect(dryRun.getByTestId('dry-send')).toHaveText(String(USERS));
  await shot(page, 'dry-run');
  await dryRun.getByRole('button', { name: 'Close dry run' }).click();
  expect(clevertap.records()).toHaveLength(0);

  await syncRow.getByRole('button', { name: 'Run now' }).click();
  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 120_000 });
  const run = { read: await counter(progress, 'read'), sent: await counter(progress, 'sent'), rejected: await counter(progress, 'rejected') };
  expect(run).toEqual({ read: USERS, sent: USERS, rejected: 0 });
  expect(clevertap.profiles()).toHaveLength(run.sent);
  expect(clevertap.profiles().find((p) => p.identity === 'user_0000000')).toMatchObject({ type: 'profile', profileData: expect.objectContaining({ Email: 'user0000000@example.com', Phone: '+15550000000', first_name: 'Ada' }) });
  expect(errors).toEqual([]);
});

test('CleverTap: an events sync of the demo events mapped from the preset in the form, and a run whose events the fake holds, each with evtData.floe_id', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = pageErrors(page);
  // The destination as the first test makes it in the form; this one is about the events sync.
  const client = await HostClient.connect(host.url);
  const destination = await client.value<{ id: string }>('destinations.create', { name: 'CleverTap events', kind: 'clevertap', settings: { accountId: 'CT_ACCOUNT', endpoint: clevertap.url } });
  await client.value('secrets.set', { ref: { kind: 'destination', id: destination.id, field: 'passcode' }, value: PASSCODE });
  client.close();
  const before = clevertap.events().length;
  await page.goto(host.url);

  await page.getByRole('link', { name: 'Syncs' }).click();
  await page.getByRole('button', { name: 'New sync' }).first().click();
  const sync = page.getByRole('form', { name: 'New sync' });
  await sync.getByLabel('Name', { exact: true }).fill('App events to CleverTap');
  await sync.getByRole('textbox', { name: 'SQL query' }).click();
  await page.keyboard.insertText(`SELECT EVENT_ID, EVENT_NAME, USER_ID, EVENT_TIMESTAMP, PLATFORM, APP_VERSION, PROPERTIES FROM ${SEED.tables.events}`);
  await sync.getByRole('button', { name: 'Preview' }).click();
  await expect(sync.getByRole('table', { name: 'Preview rows' })).toBeVisible(SLOW);
  await editorStep(sync, 'Destination');
  await sync.getByLabel('Destination', { exact: true }).selectOption({ label: 'CleverTap events' });
  await sync.getByLabel('Data type').selectOption('events');
  await editorStep(sync, 'Mapping');
  expect(await ruleTargets(sync)).toEqual(['identity', 'evtName', 'evtData', 'ts']);
  await expect(sync.getByLabel('Other columns')).toHaveValue('evtData');
  await editorStep(sync, 'Strategy and schedule');
  await sync.getByRole('group', { name: 'Primary key columns' }).getByRole('checkbox', { name: 'EVENT_ID' }).check();
  await saveNewSync(page, sync, 'App events to CleverTap');
  const syncRow = page.getByRole('row', { name: /App events to CleverTap/ });
  await expect(syncRow).toContainText('Never run', SLOW);

  await syncRow.getByRole('button', { name: 'Run now' }).click();
  const progress = page.getByRole('region', { name: 'Run progress' });
  await expect(progress.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 120_000 });
  const run = { read: await counter(progress, 'read'), sent: await counter(progress, 'sent'), rejected: await counter(progress, 'rejected') };
  expect(run).toEqual({ read: EVENTS, sent: EVENTS, rejected: 0 });
  await shot(page, 'events-run');
  const events = clevertap.events().slice(before);
  expect(events).toHaveLength(run.sent);
  // Each event carries its row key, so duplicates from a resend can be found; one key per event.
  const ids = events.map((e) => e.evtData?.floe_id);
  expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  expect(new Set(ids).size).toBe(run.sent);
  expect(events.find((e) => e.identity === 'user_0000000')).toMatchObject({ type: 'event', evtName: expect.any(String), ts: expect.any(Number), evtData: expect.objectContaining({ platform: expect.any(String), app_version: expect.any(String) }) });
  expect(errors).toEqual([]);
});
