import type { Page } from '@playwright/test';
import { startAmplitudeFake } from '../emulators/destinations/amplitude';
import { startCustomerIoFake } from '../emulators/destinations/customerio';
import { SEED, seedSizes, startEmulator, type EmulatorHandle } from '../emulators/snowflake';
import { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, screenshotPath, startFloe, test, type FloeHost } from './floe-host';
import { addDemoConnection, counter, editorStep, mainShot, ruleTargets, saveNewSync } from './page-helpers';

// Amplitude and Customer.io from a user's side: each destination made in the form and pointed at
// its fake, its key in the keychain, a test event, a sync built in the editor from the data
// type's preset, a dry run showing the exact body, and a run whose count the fake confirms.
// Other suites may share the machine: the slow steps (keychain, query, run) wait generously.
const SLOW = { timeout: 60_000 };
const ROWS = 400;
const USERS = seedSizes(ROWS).users;
const AMP_KEY = 'AMP_KEY';
const CIO_KEY = 'CIO_KEY';

let emulator: EmulatorHandle;
let amplitude: Awaited<ReturnType<typeof startAmplitudeFake>>;
let customerIo: Awaited<ReturnType<typeof startCustomerIoFake>>;
let host: FloeHost;

test.beforeAll(async () => {
  emulator = await startEmulator({ rows: ROWS });
  amplitude = await startAmplitudeFake();
  customerIo = await startCustomerIoFake();
  host = await startFloe();
  const client = await HostClient.connect(host.url);
  await addDemoConnection(client, emulator);
  client.close();
});
test.afterAll(async () => {
  await host?.stop();
  await amplitude?.close();
  await customerIo?.close();
  await emulator?.close();
});

const shot = (page: Page, name: string) => mainShot(page, `saas-${name}`);


/** A destination through the form: kind, name, the fake as its endpoint override, the API key. */
async function addDestination(page: Page, kind: RegExp, name: string, endpoint: string, key: string, screenshot: string) {
  await page.getByRole('link', { name: 'Destinations' }).click();
  await page.getByRole('button', { name: 'New destination' }).click();
  const form = page.getByRole('form', { name: 'New destination' });
  await form.getByRole('radio', { name: kind }).check();
  await form.getByLabel('Name', { exact: true }).fill(name);
  await expect(form.getByLabel('Region')).toHaveValue('us');
  await form.getByLabel('Endpoint override (optional)').fill(endpoint);
  // The key is asked for before anything is saved.
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(form.getByLabel('API key')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('API key').fill(key);
  await shot(page, screenshot);
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved ${name}. Its API key is saved in the keychain.` })).toBeVisible(SLOW);
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText(endpoint);
  expect(await page.content()).not.toContain(key === AMP_KEY ? 'AMP_KEY' : 'CIO_KEY');
  return row;
}

/** "Send test event" on the destination's row: accepted, HTTP 200, and the request shown without the key. */
async function sendTestEvent(page: Page, name: string, screenshot: string) {
  await page.getByRole('button', { name: `Send test event to ${name}` }).click();
  const panel = page.getByRole('region', { name: `Test event of ${name}` });
  await expect(panel.getByTestId('test-event-outcome')).toContainText('Accepted', SLOW);
  await expect(panel.getByTestId('test-event-status')).toHaveText('HTTP 200');
  await expect(panel.getByLabel('Test request body', { exact: true })).toContainText('Floe test event');
  await shot(page, screenshot);
  await panel.getByRole('button', { name: 'Close' }).click();
}

/**
 * A new sync through the editor's steps: the query previewed, then the destination chosen (the
 * step it stays on); the mapping then starts from the data type's preset on the query's columns.
 */
async function newSync(page: Page, name: string, destination: string, query: string) {
  await page.getByRole('link', { name: 'Syncs' }).click();
  await page.getByRole('button', { name: 'New sync' }).first().click();
  const form = page.getByRole('form', { name: 'New sync' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByRole('textbox', { name: 'SQL query' }).click();
  await page.keyboard.insertText(query);
  await form.getByRole('button', { name: 'Preview' }).click();
  await expect(form.getByRole('table', { name: 'Preview rows' })).toBeVisible(SLOW);
  await editorStep(form, 'Destination');
  await form.getByLabel('Destination', { exact: true }).selectOption({ label: destination });
  return form;
}

/** The mapping's destination fields, in order. */

/** Run now from the list, to Succeeded; the run's counters. */
async function runToSuccess(page: Page, sync: string) {
  const row = page.getByRole('row', { name: new RegExp(sync) });
  await row.getByRole('button', { name: 'Run now' }).click();
  const panel = page.getByRole('region', { name: 'Run progress' });
  await expect(panel.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 120_000 });
  const counts = { read: await counter(panel, 'read'), sent: await counter(panel, 'sent'), rejected: await counter(panel, 'rejected') };
  await panel.getByRole('button', { name: 'Close' }).click();
  return counts;
}

test('Amplitude: the form, a test event, an events sync mapped from the preset, its dry run and a run the fake confirms', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = pageErrors(page);
  await page.goto(host.url);

  const row = await addDestination(page, /Amplitude/, 'Product analytics', amplitude.url, AMP_KEY, 'amplitude-form');
  await expect(row).toContainText('Amplitude');
  await expect(row).toContainText('Batch API');
  await sendTestEvent(page, 'Product analytics', 'amplitude-test-event');
  expect(amplitude.events()).toEqual([expect.objectContaining({ event_type: 'Floe test event', user_id: 'floe-test-user' })]);

  const form = await newSync(page, 'Events to Amplitude', 'Product analytics', `SELECT EVENT_ID, EVENT_NAME, USER_ID, DEVICE_ID, EVENT_TIMESTAMP, PLATFORM, PROPERTIES FROM ${SEED.tables.events}`);
  await expect(form.getByLabel('Data type')).toHaveValue('events');
  // The preset on these columns: the ids, event_type, time and the properties object.
  await editorStep(form, 'Mapping');
  expect(await ruleTargets(form)).toEqual(['user_id', 'device_id', 'event_type', 'time', 'event_properties']);
  await expect(form.getByLabel('Field 3 column')).toHaveValue('EVENT_NAME');
  await expect(form.getByLabel('Field 4 type')).toHaveValue('epoch-ms');
  await expect(form.getByLabel('Other columns')).toHaveValue('event_properties');
  const needs = form.getByRole('list', { name: 'Required fields' });
  await expect(needs.getByRole('listitem')).toHaveText(['event_type (mapped)', 'user_id or device_id (mapped)']);
  // Without event_type the form says what Amplitude needs before asking core, back at the mapping.
  await form.getByRole('button', { name: 'Remove field 3' }).click();
  await editorStep(form, 'Dry run and save');
  await form.getByRole('button', { name: 'Save sync' }).click();
  await expect(form.getByText('Amplitude needs event_type in every row')).toBeVisible();
  // Put back from the documented fields: its column, type and requiredness come with it.
  await form.getByLabel('Add a documented field').selectOption('event_type');
  await expect(form.getByLabel('Field 5 column')).toHaveValue('EVENT_NAME');
  await expect(form.getByLabel('Field 5 required')).toBeChecked();
  await form.locator('fieldset', { has: page.getByRole('table', { name: 'Mapping rules' }) }).screenshot({ path: screenshotPath('saas-amplitude-mapping') });
  await shot(page, 'amplitude-sync-form');
  await editorStep(form, 'Strategy and schedule');
  await form.getByRole('group', { name: 'Primary key columns' }).getByRole('checkbox', { name: 'EVENT_ID' }).check();
  await saveNewSync(page, form, 'Events to Amplitude');
  const syncRow = page.getByRole('row', { name: /Events to Amplitude/ });
  await expect(syncRow).toContainText('Never run', SLOW);

  // The dry run shows the exact Batch API body: the key masked, each event with its insert_id and the mapped fields.
  await syncRow.getByRole('button', { name: 'Dry run' }).click();
  const dryRun = page.getByRole('region', { name: 'Dry run' });
  const body = dryRun.getByLabel('Request 1 body', { exact: true });
  // The body, or the error that took its place, said in the failure.
  await expect(body.or(dryRun.getByRole('alert'))).toBeVisible(SLOW);
  expect(await dryRun.getByRole('alert').allTextContents()).toEqual([]);
  await expect(body).toContainText('"insert_id":"');
  await expect(body).toContainText('"api_key":"••••••"');
  await expect(body).toContainText('"user_id":"user_0000000"');
  await expect(body).toContainText('"device_id":"device_0000000"');
  await expect(body).toContainText('"event_type":"app_open"');
  await expect(body).toContainText('"event_properties":{');
  await expect(body).toContainText('"platform":"iOS"');
  await expect(dryRun.getByTestId('request-line').first()).toHaveText(`POST ${amplitude.url}/batch`);
  await expect(dryRun.getByTestId('dry-send')).toHaveText('100');
  await shot(page, 'amplitude-dry-run');
  await dryRun.getByRole('button', { name: 'Close dry run' }).click();
  expect(amplitude.events()).toHaveLength(1);

  const run = await runToSuccess(page, 'Events to Amplitude');
  expect(run).toEqual({ read: ROWS, sent: ROWS, rejected: 0 });
  const stored = amplitude.events().filter((e) => e.event_type !== 'Floe test event');
  expect(stored).toHaveLength(run.sent);
  expect(new Set(stored.map((e) => e.insert_id)).size).toBe(ROWS);
  expect(stored.find((e) => e.event_properties?.event_id === 'evt_0000000000')).toMatchObject({
    user_id: 'user_0000000',
    device_id: 'device_0000000',
    event_type: 'app_open',
    time: Date.parse('2024-01-01T00:00:00Z'),
    event_properties: expect.objectContaining({ platform: 'iOS', event_id: 'evt_0000000000' }),
  });
  expect(errors).toEqual([]);
});

test('Customer.io: the form, a test event, an identify sync mapped from the preset, its dry run and a run the fake confirms', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = pageErrors(page);
  await page.goto(host.url);

  const row = await addDestination(page, /Customer\.io/, 'Customer.io workspace', customerIo.url, CIO_KEY, 'customerio-form');
  await expect(row).toContainText('Customer.io');
  await sendTestEvent(page, 'Customer.io workspace', 'customerio-test-event');
  expect(customerIo.calls()).toEqual([expect.objectContaining({ type: 'track', event: 'Floe test event', userId: 'floe-test-user' })]);

  const form = await newSync(page, 'People to Customer.io', 'Customer.io workspace', `SELECT USER_ID, EMAIL, FIRST_NAME, LAST_NAME, PLAN, UPDATED_AT, ATTRIBUTES FROM ${SEED.tables.users}`);
  await expect(form.getByLabel('Data type')).toHaveValue('identify');
  await editorStep(form, 'Mapping');
  expect(await ruleTargets(form)).toEqual(['userId', 'traits.email', 'timestamp']);
  await expect(form.getByLabel('Other columns')).toHaveValue('traits');
  // A documented field by name: its type and suggested column follow.
  await form.getByRole('button', { name: 'Add field' }).click();
  await form.getByLabel('Field 4 name').fill('traits.created_at');
  await expect(form.getByLabel('Field 4 type')).toHaveValue('timestamp');
  await form.getByLabel('Field 4 column').selectOption('UPDATED_AT');
  await form.locator('fieldset', { has: page.getByRole('table', { name: 'Mapping rules' }) }).screenshot({ path: screenshotPath('saas-customerio-mapping') });
  await editorStep(form, 'Strategy and schedule');
  await form.getByRole('group', { name: 'Primary key columns' }).getByRole('checkbox', { name: 'USER_ID' }).check();
  await saveNewSync(page, form, 'People to Customer.io');
  const syncRow = page.getByRole('row', { name: /People to Customer\.io/ });
  await expect(syncRow).toContainText('Never run', SLOW);

  await syncRow.getByRole('button', { name: 'Dry run' }).click();
  const dryRun = page.getByRole('region', { name: 'Dry run' });
  const body = dryRun.getByLabel('Request 1 body', { exact: true });
  // The body, or the error that took its place, said in the failure.
  await expect(body.or(dryRun.getByRole('alert'))).toBeVisible(SLOW);
  expect(await dryRun.getByRole('alert').allTextContents()).toEqual([]);
  await expect(body).toContainText('"messageId":"');
  await expect(body).toContainText('"type":"identify"');
  await expect(body).toContainText('"userId":"user_0000000"');
  await expect(body).toContainText('"email":"user0000000@example.com"');
  await expect(body).toContainText('"first_name":"Ada"');
  await expect(dryRun.getByTestId('request-line').first()).toHaveText(`POST ${customerIo.url}/v1/batch`);
  await expect(dryRun.getByText('authorization: Basic ••••••')).toBeVisible();
  await expect(dryRun.getByTestId('dry-send')).toHaveText(String(USERS));
  await shot(page, 'customerio-dry-run');
  await dryRun.getByRole('button', { name: 'Close dry run' }).click();
  expect(customerIo.calls()).toHaveLength(1);

  const run = await runToSuccess(page, 'People to Customer.io');
  expect(run).toEqual({ read: USERS, sent: USERS, rejected: 0 });
  const identified = customerIo.calls().filter((c) => c.type === 'identify');
  expect(identified).toHaveLength(run.sent);
  expect(identified.find((c) => c.userId === 'user_0000000')).toMatchObject({
    traits: expect.objectContaining({ email: 'user0000000@example.com', first_name: 'Ada', plan: 'free' }),
    messageId: expect.any(String),
  });
  expect(errors).toEqual([]);
});

test('Amplitude user properties: the dry run shows the identify form decoded and a row Amplitude would refuse with its reason; the run keeps it back', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = pageErrors(page);
  await page.goto(host.url);
  // Runs after the Amplitude test above, on its destination. One user's id is cut to 2 characters.
  const form = await newSync(
    page,
    'User traits to Amplitude',
    'Product analytics',
    `SELECT CASE WHEN USER_ID = 'user_0000001' THEN 'u1' ELSE USER_ID END AS USER_ID, EMAIL, PLAN, ATTRIBUTES FROM ${SEED.tables.users}`,
  );
  await form.getByLabel('Data type').selectOption('user-properties');
  await editorStep(form, 'Mapping');
  expect(await ruleTargets(form)).toEqual(['user_id', 'user_properties']);
  await expect(form.getByLabel('Other columns')).toHaveValue('user_properties');
  await saveNewSync(page, form, 'User traits to Amplitude');
  const syncRow = page.getByRole('row', { name: /User traits to Amplitude/ });
  await expect(syncRow).toContainText('Never run', SLOW);

  await syncRow.getByRole('button', { name: 'Dry run' }).click();
  const dryRun = page.getByRole('region', { name: 'Dry run' });
  const body = dryRun.getByLabel('Request 1 body', { exact: true });
  await expect(body.or(dryRun.getByRole('alert'))).toBeVisible(SLOW);
  expect(await dryRun.getByRole('alert').allTextContents()).toEqual([]);
  await expect(dryRun.getByTestId('request-line').first()).toHaveText(`POST ${amplitude.url}/identify`);
  // Form fields one a line, decoded: the key masked, the identification as JSON.
  await expect(body).toContainText('api_key=••••••\nidentification=[{"user_id":"user_0000000","user_properties":{');
  await expect(body).toContainText('"email":"user0000000@example.com"');
  await expect(dryRun.getByLabel('Request 1 body as sent', { exact: true })).toContainText('api_key=%E2%80%A2');
  await expect(dryRun.getByTestId('dry-rejected')).toHaveText('1');
  const why = dryRun.getByRole('region', { name: 'Why rows would be rejected' });
  await expect(why).toContainText('user_id "u1" is shorter than 5 characters');
  await expect(dryRun.getByRole('table', { name: 'Sample rows' }).locator('tr.row-rejected')).toContainText('is shorter than 5 characters');
  await shot(page, 'amplitude-identify-dry-run');
  await dryRun.getByRole('button', { name: 'Close dry run' }).click();

  await page.getByRole('row', { name: /User traits to Amplitude/ }).getByRole('button', { name: 'Run now' }).click();
  const panel = page.getByRole('region', { name: 'Run progress' });
  await expect(panel.getByTestId('run-status')).toHaveText('Partly succeeded', { timeout: 120_000 });
  expect(await counter(panel, 'read')).toBe(USERS);
  expect(await counter(panel, 'rejected')).toBe(1);
  const sent = await counter(panel, 'sent');
  expect(sent).toBe(USERS - 1);
  expect(amplitude.identifies()).toHaveLength(sent);
  expect(amplitude.identifies().some((i) => i.user_id === 'u1')).toBe(false);
  expect(errors).toEqual([]);
});
