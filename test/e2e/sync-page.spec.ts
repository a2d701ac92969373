import type { Page } from '@playwright/test';
import type { Run } from '../../shared/schemas';
import type { HttpFakeHandle } from '../emulators/destinations/http';
import { SEED, type EmulatorHandle } from '../emulators/snowflake';
import { syncDraft } from '../helpers/fixtures';
import type { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, screenshotPath, test, type FloeHost } from './floe-host';
import { closeWorkspace, openWorkspace } from './workspace';

// A sync's own page and Run now while a run is going (issue 13 §1.3 and §2), on its own host,
// emulator and fake: the runs this leaves behind must not reach other specs' pages.
let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let host: FloeHost;
let client: HostClient;
let connectionId: string;
let slowId: string;

const ROWS = 1000;
const QUERY = `SELECT EVENT_ID, EVENT_NAME, USER_ID, EVENT_TIMESTAMP FROM ${SEED.tables.events}`;

test.beforeAll(async () => {
  ({ emulator, fake, host, client, connectionId } = await openWorkspace({ emulator: { rows: ROWS } }));
  // One batch of 50 at a time: with the fake answering each after a second, a run lasts a while.
  const slow = await client.value<{ id: string }>('destinations.create', { name: 'Slow endpoint', kind: 'http', settings: { url: fake.url, batchSize: 50, concurrency: 1 } });
  const sync = await client.value<{ id: string }>(
    'syncs.create',
    syncDraft(connectionId, slow.id, { name: 'Events, slowly', query: QUERY, mapping: { rules: [], passThrough: true }, schedule: { kind: 'manual' } }),
  );
  slowId = sync.id;
});
test.afterAll(() => closeWorkspace({ emulator, fake, host, client }));

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

/** The view at a small laptop's window and a large one; each shot is named in the closing note. */
async function shots(page: Page, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: screenshotPath(`sync-page-${name}-${size.width}x${size.height}`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const runsOf = (syncId: string) => client.value<Run[]>('runs.list', { syncId, limit: 50 });

test('Run now while the sync runs: the button says Running… and links to the live run; asking again records nothing', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = pageErrors(page);
  fake.reset();
  fake.faults.delay(10_000, 1_000);
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Syncs' }).click();
  const row = page.getByRole('row', { name: /Events, slowly/ });
  await row.getByRole('button', { name: 'Run now' }).click();

  // The list: no Run now while it runs, but a link to the run that is going.
  const running = row.getByRole('link', { name: 'Running…' });
  await expect(running).toBeVisible();
  await expect(row.getByRole('button', { name: 'Run now' })).toHaveCount(0);
  const [live] = await runsOf(slowId);
  expect(live).toMatchObject({ status: expect.stringMatching(/queued|running/), trigger: 'manual' });
  await expect(running).toHaveAttribute('href', `#/runs/${live!.id}`);
  await shots(page, 'list-running');

  // Asking core again (another window, the command line) is refused and recorded nowhere.
  const again = await client.invoke('syncs.run', { id: slowId });
  expect(again).toMatchObject({ ok: false, error: { code: 'already_running' } });
  expect((await runsOf(slowId)).map((r) => r.id)).toEqual([live!.id]);

  // The sync's own page says the same, and its link opens the live run.
  await row.getByRole('link', { name: 'Events, slowly' }).click();
  await expect(page).toHaveURL(new RegExp(`#/syncs/${slowId}$`));
  const header = page.getByRole('group', { name: 'Actions for Events, slowly' });
  await expect(header.getByRole('link', { name: 'Running…' })).toHaveAttribute('href', `#/runs/${live!.id}`);
  await expect(header.getByRole('button', { name: 'Run now' })).toHaveCount(0);
  await shots(page, 'page-running');
  await header.getByRole('link', { name: 'Running…' }).click();
  const detail = page.getByRole('article', { name: 'Run details' });
  // Live: the phase it is in once its events arrive ("Running" until then).
  await expect(detail.getByTestId('run-status')).toHaveText(/^(Running|Connecting|Querying|Delivering|Committing)$/);

  // Cancelled, the sync can be run again; only the one run was ever recorded, none skipped.
  await detail.getByRole('button', { name: 'Cancel run' }).click();
  await expect(detail.getByTestId('run-status')).toHaveText('Cancelled', { timeout: 30_000 });
  fake.faults.reset();
  await page.goBack();
  await expect(header.getByRole('button', { name: 'Run now' })).toBeVisible();
  const runs = await runsOf(slowId);
  expect(runs.map((r) => [r.id, r.status])).toEqual([[live!.id, 'cancelled']]);
  // What the fake holds came from that one run: each event once.
  const held = fake.accepted().map((r) => r.event_id);
  expect(held.length).toBeGreaterThanOrEqual(runs[0]!.counters.sent);
  expect(new Set(held).size).toBe(held.length);
  expect(errors).toEqual([]);
});

test('a sync built from scratch through the steps: dry-run before saving, saved, run, and seen on its page with its chart', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = pageErrors(page);
  fake.reset();
  await client.value('destinations.create', { name: 'Events webhook', kind: 'http', settings: { url: fake.url } });
  const syncsBefore = await client.value<Array<{ id: string }>>('syncs.list', {});
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Syncs' }).click();
  await page.getByRole('button', { name: 'New sync' }).first().click();
  await expect(page).toHaveURL(/#\/syncs\/new$/);
  const form = page.getByRole('form', { name: 'New sync' });
  const steps = form.getByRole('navigation', { name: 'Steps' });
  await expect(steps.getByRole('button')).toHaveText(['1Query', '2Destination', '3Mapping', '4Strategy and schedule', '5Dry run and save']);
  await expect(steps.getByRole('button', { name: /Query/ })).toHaveAttribute('aria-current', 'step');
  // Before a step is done, Save is not offered: Next leads on.
  await expect(form.getByRole('button', { name: 'Save sync' })).toHaveCount(0);

  // 1. The query, previewed with its columns' types. The name is left for later, on purpose.
  await expect(form.getByLabel('Connection', { exact: true })).toHaveValue(connectionId);
  await form.getByRole('textbox', { name: 'SQL query' }).click();
  await page.keyboard.insertText(`SELECT EVENT_ID, EVENT_NAME, USER_ID, EVENT_TIMESTAMP, REVENUE FROM ${SEED.tables.events}`);
  await form.getByRole('button', { name: 'Preview' }).click();
  const preview = form.getByRole('table', { name: 'Preview rows' });
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview.getByRole('columnheader', { name: /EVENT_TIMESTAMP/ })).toContainText(/timestamp/i);
  await expect(preview.getByRole('columnheader', { name: /REVENUE/ })).toContainText(/fixed|number/i);
  const firstEvent = (await preview.getByRole('row').nth(1).getByRole('cell').first().textContent())!;
  await shots(page, 'step-1-query');

  // 2. The destination: two to choose from, so none is chosen for the user.
  await form.getByRole('button', { name: 'Next: Destination' }).click();
  await expect(steps.getByRole('button', { name: /Destination/ })).toHaveAttribute('aria-current', 'step');
  await expect(form.getByLabel('Destination', { exact: true })).toHaveValue('');
  await form.getByLabel('Destination', { exact: true }).selectOption({ label: 'Events webhook' });
  await expect(form.getByTestId('sync-data-type')).toContainText('Sends records');
  await shots(page, 'step-2-destination');

  // 3. The mapping, with the first preview row mapped beside it as it changes.
  await form.getByRole('button', { name: 'Next: Mapping' }).click();
  const mapped = form.getByRole('complementary', { name: 'First row, mapped' });
  const payload = mapped.getByLabel('First row mapped');
  await expect(payload).toContainText(`"event_id": "${firstEvent}"`);
  await form.getByRole('button', { name: 'Add field' }).click();
  await form.getByLabel('Field 1 name').fill('event');
  await form.getByLabel('Field 1 column').selectOption('EVENT_NAME');
  await expect(payload).toContainText('"event": "app_open"');
  await expect(payload).not.toContainText('"event_name"');
  // A required field that is empty in this row: the row a run would reject, and why.
  await form.getByLabel('Field 1 column').selectOption('REVENUE');
  await form.getByLabel('Field 1 required').check();
  await expect(mapped.getByRole('status')).toContainText('A run would reject this row');
  await expect(mapped).toContainText('event is required but REVENUE is null');
  await shots(page, 'step-3-mapping-rejected');
  await form.getByLabel('Field 1 column').selectOption('EVENT_NAME');
  await expect(payload).toContainText('"event": "app_open"');
  await shots(page, 'step-3-mapping');

  // 4. Strategy and schedule: changed rows, keyed by EVENT_ID; runs when asked.
  await form.getByRole('button', { name: 'Next: Strategy and schedule' }).click();
  await form.getByRole('radio', { name: /Changed rows only/ }).check();
  await form.getByRole('group', { name: 'Primary key columns' }).getByRole('checkbox', { name: 'EVENT_ID' }).check();
  await expect(form.getByRole('region', { name: 'Next runs' })).toContainText('Runs only when you click Run now');
  await shots(page, 'step-4-strategy');

  // 5. Dry run of the draft: the exact requests, nothing sent, nothing saved.
  await form.getByRole('button', { name: 'Next: Dry run and save' }).click();
  const summary = form.getByRole('definition').filter({ hasText: 'EVENT_ID, EVENT_NAME' });
  await expect(summary).toBeVisible();
  await form.getByRole('button', { name: 'Dry run this draft' }).click();
  // Not named yet: the dry run is not asked for, and the editor goes where the name is.
  await expect(steps.getByRole('button', { name: /Query/ })).toHaveAttribute('aria-current', 'step');
  await expect(steps.getByRole('button', { name: /Query/ })).toContainText('1 to fix');
  await expect(form.getByText('Name this sync')).toBeVisible();
  await form.getByLabel('Name', { exact: true }).fill('Events to the webhook');
  await steps.getByRole('button', { name: /Dry run and save/ }).click();
  await form.getByRole('button', { name: 'Dry run this draft' }).click();
  const dryRun = page.getByRole('region', { name: 'Dry run' });
  await expect(dryRun.getByTestId('dry-send')).toHaveText('100', { timeout: 30_000 });
  await expect(dryRun.getByLabel('Request 1 body', { exact: true })).toContainText(`"event":"app_open"`);
  await expect(dryRun.getByTestId('request-line').first()).toHaveText(`POST ${fake.url}`);
  expect(fake.stats().requests).toBe(0);
  expect(await client.value<unknown[]>('syncs.list', {})).toHaveLength(syncsBefore.length);
  await shots(page, 'step-5-dry-run');
  // A change after the dry run is said to be one.
  await steps.getByRole('button', { name: /Strategy and schedule/ }).click();
  await form.getByLabel('Row limit').fill('500000');
  await steps.getByRole('button', { name: /Dry run and save/ }).click();
  await expect(form.getByText('The draft changed after this dry run')).toBeVisible();
  await form.getByRole('button', { name: 'Dry run again' }).click();
  await expect(form.getByText('The draft changed after this dry run')).toHaveCount(0);
  await expect(dryRun.getByTestId('dry-send')).toHaveText('100', { timeout: 30_000 });

  // Saved: the sync's own page.
  await form.getByRole('button', { name: 'Save sync' }).click();
  await expect(page).toHaveURL(/#\/syncs\/[0-9a-f-]{36}$/);
  const syncId = /#\/syncs\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
  const saved = await client.value<{ name: string; strategy: string; primaryKey: string[]; rowLimit: number; mapping: unknown }>('syncs.get', { id: syncId });
  expect(saved).toMatchObject({
    name: 'Events to the webhook',
    strategy: 'diff',
    primaryKey: ['EVENT_ID'],
    rowLimit: 500000,
    mapping: { rules: [{ target: 'event', source: 'EVENT_NAME', required: true }], passThrough: true },
  });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Events to the webhook');
  await expect(page.getByRole('status').filter({ hasText: 'Saved Events to the webhook' })).toBeVisible();
  const overview = page.getByRole('region', { name: 'Status' });
  await expect(overview.getByTestId('sync-status')).toHaveText('Not run yet');
  await expect(page.getByRole('region', { name: 'Last run' })).toContainText('Never run');
  await shots(page, 'saved');

  // Run from its page: the fake holds what the run sent; the chart has its bar.
  const actions = page.getByRole('group', { name: 'Actions for Events to the webhook' });
  await actions.getByRole('button', { name: 'Run now' }).click();
  const panel = page.getByRole('region', { name: 'Run progress' });
  await expect(panel.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 60_000 });
  await expect(actions.getByRole('button', { name: 'Run now' })).toBeVisible();
  expect(fake.accepted()).toHaveLength(ROWS);
  expect(new Set(fake.accepted().map((r) => r.event_id)).size).toBe(ROWS);
  expect(fake.accepted().every((r) => typeof r.event === 'string' && r.event_name === undefined)).toBe(true);
  // A second run: nothing changed, nothing sent.
  await panel.getByRole('button', { name: 'Close' }).click();
  await actions.getByRole('button', { name: 'Run now' }).click();
  await expect(panel.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 60_000 });
  expect(fake.accepted()).toHaveLength(ROWS);
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('region', { name: 'Last run' })).toContainText('Succeeded');
  await expect(page.getByRole('region', { name: 'Health' }).getByTestId('sync-health')).toHaveText('100 %');
  const rowsChart = page.getByRole('figure', { name: 'Rows per run' });
  await expect(rowsChart.locator('rect[data-series="sent"]')).toHaveCount(2);
  await expect(page.getByRole('figure', { name: 'Duration per run' }).locator('rect[data-series="duration"]')).toHaveCount(2);
  await shots(page, 'overview-chart');

  // Its runs, each leading to the run's page.
  await page.getByRole('navigation', { name: 'Events to the webhook pages' }).getByRole('link', { name: 'Runs' }).click();
  const runsTable = page.getByRole('table', { name: 'Runs of Events to the webhook' });
  await expect(runsTable.getByRole('row')).toHaveCount(3);
  const runs = await runsOf(syncId);
  await expect(runsTable.getByRole('row').nth(2).getByRole('link')).toHaveAttribute('href', `#/runs/${runs[1]!.id}`);
  await expect(runsTable.getByRole('row').nth(1)).toContainText(String(0));
  await shots(page, 'runs');
  await runsTable.getByRole('row').nth(2).getByRole('link').click();
  const detail = page.getByRole('article', { name: 'Run details' });
  await expect(detail.getByTestId('run-status')).toHaveText('Succeeded');
  await page.goBack();

  // Edit: the same steps, saved from any step; the overview shows the new schedule and its next runs.
  await page.getByRole('navigation', { name: 'Events to the webhook pages' }).getByRole('link', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit Events to the webhook' });
  await expect(edit.getByLabel('Name', { exact: true })).toHaveValue('Events to the webhook');
  await edit.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: /Strategy and schedule/ }).click();
  await edit.getByLabel('Runs', { exact: true }).selectOption('every');
  await edit.getByLabel('Every', { exact: true }).fill('6');
  await edit.getByLabel('Unit').selectOption('hours');
  await shots(page, 'edit-schedule');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(new RegExp(`#/syncs/${syncId}$`));
  await expect(page.getByTestId('sync-schedule')).toContainText('Every 6 hours');
  await expect(page.getByRole('region', { name: 'Schedule' }).getByRole('list', { name: 'Next run times' }).getByRole('listitem')).toHaveCount(3);
  await shots(page, 'overview-scheduled');

  // The list's name leads to the page.
  await page.getByRole('link', { name: '← All syncs' }).click();
  await page.getByRole('row', { name: /Events to the webhook/ }).getByRole('link', { name: 'Events to the webhook' }).click();
  await expect(page).toHaveURL(new RegExp(`#/syncs/${syncId}$`));
  expect(errors).toEqual([]);
});
