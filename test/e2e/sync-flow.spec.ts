import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { HttpFakeHandle } from '../emulators/destinations/http';
import { SEED, type EmulatorHandle } from '../emulators/snowflake';
import { syncDraft } from '../helpers/fixtures';
import { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, screenshotPath, test, type FloeHost } from './floe-host';
import { counter, editorStep, mainShot } from './page-helpers';
import { closeWorkspace, openWorkspace } from './workspace';

// Its own host, emulator and fake: this flow leaves a connection, a destination, a sync and runs
// behind, which the worker's shared host (whose empty states app.spec.ts checks) must not see.
let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let host: FloeHost;
let client: HostClient;

const ROWS = 2000;
const CHANGED = ['evt_0000000003', 'evt_0000000010', 'evt_0000000100', 'evt_0000001000', 'evt_0000001999'];
const QUERY = `SELECT EVENT_ID, EVENT_NAME, USER_ID, EVENT_TIMESTAMP FROM ${SEED.tables.events}`;

test.beforeAll(async () => {
  ({ emulator, fake, host, client } = await openWorkspace({ emulator: { rows: ROWS } }));
});
test.afterAll(() => closeWorkspace({ emulator, fake, host, client }));

const shot = (page: Page, name: string) => mainShot(page, `sync-${name}`);


test('destination → sync → preview → dry run → run → run detail, then a diff run sends only the changed rows', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = pageErrors(page);
  await page.goto(host.url);

  // 1. An HTTP destination pointing at the fake.
  await page.getByRole('link', { name: 'Destinations' }).click();
  await page.getByRole('button', { name: 'New destination' }).click();
  const destinationForm = page.getByRole('form', { name: 'New destination' });
  await expect(destinationForm.getByRole('radio', { name: /HTTP endpoint/ })).toBeChecked();
  // Core's own validation comes back beside the field.
  await destinationForm.getByLabel('Name').fill('Fake endpoint');
  await destinationForm.getByLabel('Endpoint URL').fill('not a url');
  await destinationForm.getByRole('button', { name: 'Save destination' }).click();
  await expect(destinationForm.getByText('Enter the full URL, starting with https://')).toBeVisible();
  await destinationForm.getByLabel('Endpoint URL').fill(fake.url);
  await destinationForm.getByRole('button', { name: 'Add header' }).click();
  await destinationForm.getByLabel('Header 1 name').fill('X-Source');
  await destinationForm.getByLabel('Header 1 value').fill('floe-e2e');
  await shot(page, 'destination-form');
  await destinationForm.getByRole('button', { name: 'Save destination' }).click();
  const destinationRow = page.getByRole('row', { name: /Fake endpoint/ });
  await expect(destinationRow).toContainText('HTTP endpoint');
  await expect(destinationRow).toContainText(fake.url);
  await shot(page, 'destinations');

  // 2. A sync on the demo table, through the editor's steps: write the query, preview it, pick diff with EVENT_ID as its key.
  await page.getByRole('link', { name: 'Syncs' }).click();
  await page.getByRole('button', { name: 'New sync' }).first().click();
  const form = page.getByRole('form', { name: 'New sync' });
  await form.getByLabel('Name', { exact: true }).fill('Events to the fake');
  await expect(form.getByLabel('Connection', { exact: true })).toHaveValue(/.+/);
  await form.getByRole('textbox', { name: 'SQL query' }).click();
  await page.keyboard.insertText(QUERY);
  await form.getByRole('button', { name: 'Preview' }).click();
  const preview = form.getByRole('table', { name: 'Preview rows' });
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview.getByRole('columnheader', { name: /EVENT_ID/ })).toContainText(/text|varchar/i);
  await expect(preview.getByRole('columnheader', { name: /EVENT_TIMESTAMP/ })).toContainText(/timestamp/i);
  await expect(preview.getByRole('row')).toHaveCount(101);
  await expect(preview).toContainText('evt_0000000001');
  // The sole destination is chosen already, with its data type (an HTTP endpoint takes records).
  await editorStep(form, 'Destination');
  await expect(form.getByLabel('Destination', { exact: true })).toHaveValue(/.+/);
  await expect(form.getByTestId('sync-data-type')).toContainText('Sends records');

  await editorStep(form, 'Strategy and schedule');
  await form.getByRole('radio', { name: /Changed rows only/ }).check();
  // Without a key, saving goes back to the step with the primary key, and says why there.
  await editorStep(form, 'Dry run and save');
  await form.getByRole('button', { name: 'Save sync' }).click();
  await expect(form.getByText('Changed-rows syncs need a primary key')).toBeVisible();
  await form.getByRole('group', { name: 'Primary key columns' }).getByRole('checkbox', { name: 'EVENT_ID' }).check();
  await shot(page, 'form');
  await editorStep(form, 'Dry run and save');
  await form.getByRole('button', { name: 'Save sync' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Events to the fake');
  await page.getByRole('link', { name: '← All syncs' }).click();
  const syncRow = page.getByRole('row', { name: /Events to the fake/ });
  await expect(syncRow).toContainText('Changed rows');
  await expect(syncRow).toContainText('Never run');

  // 3. Dry run: the exact request bodies, and nothing arrives at the fake.
  await syncRow.getByRole('button', { name: 'Dry run' }).click();
  const dryRun = page.getByRole('region', { name: 'Dry run' });
  const body = dryRun.getByLabel('Request 1 body', { exact: true });
  await expect(body).toContainText('"event_id":"evt_0000000001"', { timeout: 30_000 });
  await expect(dryRun.getByTestId('request-line').first()).toHaveText(`POST ${fake.url}`);
  await expect(dryRun.getByTestId('dry-send')).toHaveText('100');
  await expect(dryRun.getByTestId('dry-rejected')).toHaveText('0');
  await expect(dryRun.getByRole('table', { name: 'Sample rows' }).getByRole('row')).toHaveCount(101);
  // Each sample row named by its primary key's values, as people know the row.
  await expect(dryRun.getByRole('table', { name: 'Sample rows' }).getByRole('row').nth(1).getByRole('cell').nth(1)).toHaveText(/^EVENT_ID = evt_\d{10}$/);
  await shot(page, 'dry-run');
  expect(fake.accepted()).toHaveLength(0);
  expect(fake.stats().requests).toBe(0);
  await dryRun.getByRole('button', { name: 'Close dry run' }).click();

  // 4. Run now, watched live to its final status.
  await syncRow.getByRole('button', { name: 'Run now' }).click();
  const panel = page.getByRole('region', { name: 'Run progress' });
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 60_000 });
  await expect(panel.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
  expect(await counter(panel, 'sent')).toBe(ROWS);
  await expect(syncRow).toContainText('Succeeded');
  await shot(page, 'run-finished');

  // 5. The run's detail: counters equal what the fake received.
  await panel.getByRole('button', { name: 'Open run details' }).click();
  const detail = page.getByRole('article', { name: 'Run details' });
  await expect(detail.getByTestId('run-status')).toHaveText('Succeeded');
  await expect(detail.getByTestId('query-id')).not.toBeEmpty();
  await expect(detail).toContainText('Run by hand');
  await expect(detail).toContainText('read = sent + rejected + unchanged + not sent');
  const received = fake.accepted().length;
  expect(received).toBe(ROWS);
  expect(await counter(detail, 'read')).toBe(ROWS);
  expect(await counter(detail, 'sent')).toBe(received);
  expect(await counter(detail, 'rejected')).toBe(0);
  expect(await counter(detail, 'unchanged')).toBe(0);
  await expect(detail.getByText('No row was rejected.')).toBeVisible();
  await shot(page, 'run-detail');

  // 6. Change a few rows in the warehouse: the next diff run sends exactly those.
  await emulator.sql(`UPDATE ${SEED.tables.events} SET EVENT_NAME = 'changed' WHERE EVENT_ID IN (${CHANGED.map((id) => `'${id}'`).join(', ')})`);
  await page.getByRole('link', { name: 'Syncs' }).click();
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toHaveCount(0);
  await syncRow.getByRole('button', { name: 'Run now' }).click();
  await expect(panel.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 60_000 });
  expect(await counter(panel, 'sent')).toBe(CHANGED.length);
  expect(await counter(panel, 'unchanged')).toBe(ROWS - CHANGED.length);
  const second = fake.accepted().slice(received);
  expect(second).toHaveLength(CHANGED.length);
  expect(second.map((r) => r.event_id).sort()).toEqual(CHANGED);
  expect(second.every((r) => r.event_name === 'changed')).toBe(true);

  await panel.getByRole('button', { name: 'Open run details' }).click();
  await expect(detail.getByTestId('run-status')).toHaveText('Succeeded');
  expect(await counter(detail, 'sent')).toBe(CHANGED.length);
  expect(await counter(detail, 'unchanged')).toBe(ROWS - CHANGED.length);
  await shot(page, 'second-run-detail');

  // The open run is in the address: a reload shows the same run.
  expect(page.url()).toMatch(/#\/runs\/[0-9a-f-]{36}$/);
  await page.reload();
  await expect(detail.getByTestId('run-status')).toHaveText('Succeeded');
  expect(await counter(detail, 'sent')).toBe(CHANGED.length);

  // The list has both runs, newest first; Details opens one and the back link returns.
  await detail.getByRole('button', { name: '← All runs' }).click();
  const runsTable = page.getByRole('table', { name: 'Runs' });
  await expect(runsTable.getByRole('row')).toHaveCount(3);
  await shot(page, 'runs');
  expect(errors).toEqual([]);
});

test('a bearer token is written to the keychain and never shown again; the SQL editor marks {{last_sync_time}}', async ({ page }) => {
  const errors = pageErrors(page);
  await page.goto(host.url);

  await page.getByRole('link', { name: 'Destinations' }).click();
  await page.getByRole('button', { name: 'New destination' }).click();
  const form = page.getByRole('form', { name: 'New destination' });
  await form.getByLabel('Name').fill('Secured endpoint');
  await form.getByLabel('Endpoint URL').fill(fake.url);
  await form.getByLabel('Authentication').selectOption('bearer');
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(form.getByText('Paste the token the endpoint expects.')).toBeVisible();
  await form.getByLabel('Token').fill('s3cret-token-value');
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Its token is saved in the keychain.' })).toBeVisible();

  await page.getByRole('row', { name: /Secured endpoint/ }).getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit Secured endpoint' });
  await expect(edit.getByText('Saved in the keychain')).toBeVisible();
  await expect(page.locator('input[type=password]')).toHaveCount(0);
  expect(await page.content()).not.toContain('s3cret-token-value');
  await shot(page, 'destination-secret-saved');
  await edit.getByRole('button', { name: 'Replace token' }).click();
  await expect(edit.getByLabel('Token')).toHaveValue('');
  await edit.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('link', { name: 'Syncs' }).click();
  await page.getByRole('button', { name: 'New sync' }).first().click();
  const sync = page.getByRole('form', { name: 'New sync' });
  await sync.getByRole('textbox', { name: 'SQL query' }).click();
  await page.keyboard.insertText(`SELECT * FROM ${SEED.tables.events}\nWHERE UPDATED_AT > {{last_sync_time}}`);
  await expect(sync.locator('.cm-template-value')).toHaveText('{{last_sync_time}}');
  await sync.locator('.sql-editor').screenshot({ path: screenshotPath('sync-editor-template') });
  await sync.getByRole('button', { name: 'Preview' }).click();
  await expect(sync.getByRole('table', { name: 'Preview rows' })).toBeVisible({ timeout: 30_000 });
  await editorStep(sync, 'Strategy and schedule');
  await sync.getByRole('radio', { name: /Incremental/ }).check();
  await sync.getByRole('radio', { name: 'A timestamp column' }).check();
  await expect(sync.getByLabel('Timestamp column', { exact: true })).toContainText('UPDATED_AT');
  await sync.getByRole('radio', { name: /The query’s/ }).check();
  await editorStep(sync, 'Mapping');
  await sync.getByRole('button', { name: 'Add field' }).click();
  await sync.getByLabel('Field 1 name').fill('event_type');
  await sync.getByLabel('Field 1 column').selectOption('EVENT_NAME');
  await sync.getByLabel('Field 1 required').check();
  await shot(page, 'form-incremental');
  await sync.getByRole('button', { name: 'Cancel' }).click();
  expect(errors).toEqual([]);
});

test('a row the endpoint rejects is shown with its reason; no retry is offered for a refused row, and the next run delivers it once the endpoint takes it', async ({ page }) => {
  test.setTimeout(120_000);
  // Runs after the flow above, on its sync. Change two rows so the diff run sends them; the endpoint refuses one.
  await emulator.sql(`UPDATE ${SEED.tables.events} SET EVENT_NAME = 'changed again' WHERE EVENT_ID IN ('evt_0000000004', 'evt_0000000005')`);
  fake.setRejectWhen((record) => (record.event_id === 'evt_0000000004' ? 'event_name is not allowed here' : null));
  await page.goto(host.url);
  await page.getByRole('link', { name: 'Syncs' }).click();
  await page.getByRole('row', { name: /Events to the fake/ }).getByRole('button', { name: 'Run now' }).click();
  const panel = page.getByRole('region', { name: 'Run progress' });
  await expect(panel.getByTestId('run-status')).toHaveText('Partly succeeded', { timeout: 60_000 });
  await panel.getByRole('button', { name: 'Open run details' }).click();

  const detail = page.getByRole('article', { name: 'Run details' });
  expect(await counter(detail, 'sent')).toBe(1);
  expect(await counter(detail, 'rejected')).toBe(1);
  const rejected = detail.getByRole('table', { name: 'Rejected rows' });
  await expect(rejected.getByRole('row', { name: /evt_0000000004/ })).toContainText('event_name is not allowed here');
  await expect(rejected.getByRole('row', { name: /evt_0000000004/ })).toContainText('Open');
  await shot(page, 'rejected-rows');

  // The endpoint refused it (not retryable): sent again as it is, it would be refused again.
  await expect(detail.getByRole('button', { name: 'Retry rejected rows' })).toHaveCount(0);
  await expect(detail.getByRole('region', { name: 'Rejected rows' })).toContainText('None of these rows can be retried as they are');

  // Once the endpoint takes it, the next run sends it: a rejected row is offered again.
  fake.setRejectWhen(null);
  await page.getByRole('link', { name: 'Syncs' }).click();
  if (await panel.isVisible()) await panel.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('row', { name: /Events to the fake/ }).getByRole('button', { name: 'Run now' }).click();
  await expect(panel.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 60_000 });
  expect(await counter(panel, 'sent')).toBe(1);
  // Delivered once, exactly as the first attempt would have sent it (timestamps still ISO-8601).
  const delivered = fake.accepted().filter((r) => r.event_id === 'evt_0000000004' && r.event_name === 'changed again');
  expect(delivered).toEqual([expect.objectContaining({ event_timestamp: '2024-01-01T04:19:12.000Z' })]);
});

test('a CSV file destination from the form writes one whole file per run; a slow run is cancelled from its progress panel', async ({ page }) => {
  test.setTimeout(120_000);
  const folder = path.join(host.home, 'exports');
  await page.goto(host.url);

  // 1. A file destination through the form.
  await page.getByRole('link', { name: 'Destinations' }).click();
  await page.getByRole('button', { name: 'New destination' }).click();
  const form = page.getByRole('form', { name: 'New destination' });
  await form.getByRole('radio', { name: /File/ }).check();
  await form.getByLabel('Name', { exact: true }).fill('CSV exports');
  await form.getByRole('textbox', { name: 'Folder' }).fill(folder);
  await form.getByRole('textbox', { name: 'Folder' }).blur();
  // A missing folder is created only when asked (issue 13 §3).
  await form.getByRole('button', { name: `Create folder ${folder}` }).click();
  await expect(form.getByText('Folder created.')).toBeVisible();
  await form.getByLabel('File format').selectOption('csv');
  await form.getByLabel('File name prefix').fill('events');
  await form.getByRole('button', { name: 'Save destination' }).click();
  const row = page.getByRole('row', { name: /CSV exports/ });
  await expect(row).toContainText(`CSV files in ${folder}`);

  // 2. A sync to it, run from the Syncs page: the file appears complete, header in query order.
  const client = await HostClient.connect(host.url);
  const destinations = await client.value<Array<{ id: string; name: string }>>('destinations.list', {});
  const connections = await client.value<Array<{ id: string }>>('connections.list', {});
  const draft = (name: string, destinationId: string) =>
    syncDraft(connections[0]!.id, destinationId, {
      name,
      query: `SELECT EVENT_NAME, EVENT_ID FROM ${SEED.tables.events}`,
      mapping: { rules: [], passThrough: true },
      schedule: { kind: 'manual' },
    });
  await client.value('syncs.create', draft('Events to CSV', destinations.find((d) => d.name === 'CSV exports')!.id));
  await page.getByRole('link', { name: 'Syncs' }).click();
  const csvSync = page.getByRole('row', { name: /Events to CSV/ });
  await csvSync.getByRole('button', { name: 'Run now' }).click();
  const panel = page.getByRole('region', { name: 'Run progress' });
  await expect(panel.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 60_000 });
  const files = fs.readdirSync(folder);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^events-events-to-csv-.*\.csv$/);
  const lines = fs.readFileSync(path.join(folder, files[0]!), 'utf8').trimEnd().split('\r\n');
  expect(lines[0]).toBe('event_name,event_id,_floe_id');
  expect(lines).toHaveLength(ROWS + 1);
  await panel.getByRole('button', { name: 'Close' }).click();

  // 3. A run the endpoint answers slowly, cancelled with the panel's button.
  const slow = await client.value<{ id: string }>('destinations.create', { name: 'Slow endpoint', kind: 'http', settings: { url: fake.url, batchSize: 100, concurrency: 1 } });
  await client.value('syncs.create', draft('Events, slowly', slow.id));
  client.close();
  fake.reset();
  fake.faults.delay(1_000, 1_000);
  // Made outside this window: the list shows it once the window has focus again.
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  const slowSync = page.getByRole('row', { name: /Events, slowly/ });
  await slowSync.getByRole('button', { name: 'Run now' }).click();
  await expect(panel.getByTestId('counter-sent')).not.toHaveText('0', { timeout: 30_000 });
  await panel.getByRole('button', { name: 'Cancel run' }).click();
  await expect(panel.getByTestId('run-status')).toHaveText('Cancelled', { timeout: 30_000 });
  fake.faults.reset();
  await expect(panel.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
  const sent = await counter(panel, 'sent');
  const skipped = await counter(panel, 'skipped');
  expect(sent).toBeGreaterThan(0);
  expect(sent).toBeLessThan(ROWS);
  expect(sent + skipped).toBe(await counter(panel, 'read'));
  expect(fake.accepted().length).toBeGreaterThanOrEqual(sent);
  // A cancel the user asked for is reported plainly, not as an alarm.
  await expect(panel.getByRole('status').filter({ hasText: 'The run was cancelled.' })).toBeVisible();
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await shot(page, 'cancelled');
  await expect(slowSync).toContainText('Cancelled');
});
