import http from 'node:http';
import type { Locator, Page } from '@playwright/test';
import type { Run } from '../../shared/schemas';
import type { HttpFakeHandle } from '../emulators/destinations/http';
import { SEED, type EmulatorHandle } from '../emulators/snowflake';
import { syncDraft } from '../helpers/fixtures';
import type { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, screenshotPath, test, type FloeHost } from './floe-host';
import { closeWorkspace, openWorkspace } from './workspace';

// Issue 13 §1: what the runs and dry-run screens say must be what happened. Each test here was
// written to fail against the untruth first; each checks the words against the other side (the
// emulator's table, the fake's stored records), not only against Floe's own counters.
let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let host: FloeHost;
let client: HostClient;
let connectionId: string;
let destinationId: string;

const ROWS = 100;
const EVENTS = SEED.tables.events;

test.beforeAll(async () => {
  ({ emulator, fake, host, client, connectionId } = await openWorkspace({ emulator: { rows: ROWS } }));
  // Five requests of 20 records, one at a time: with the fake's delay switch a run lasts long enough to watch.
  const destination = await client.value<{ id: string }>('destinations.create', { name: 'Fake endpoint', kind: 'http', settings: { url: fake.url, batchSize: 20, concurrency: 1 } });
  destinationId = destination.id;
});
test.afterAll(() => closeWorkspace({ emulator, fake, host, client }));

type SyncOver = Parameters<typeof syncDraft>[2];

async function createSync(over: SyncOver, destination = destinationId): Promise<{ id: string; name: string }> {
  return client.value('syncs.create', syncDraft(connectionId, destination, { mapping: { rules: [], passThrough: true }, schedule: { kind: 'manual' }, ...over }));
}

async function runToEnd(syncId: string): Promise<Run> {
  const run = await client.value<Run>('syncs.run', { id: syncId });
  await expect.poll(async () => (await client.value<Run>('runs.get', { id: run.id })).finishedAt, { timeout: 60_000 }).not.toBeNull();
  return client.value<Run>('runs.get', { id: run.id });
}

const count = async (sql: string) => Number(Object.values((await emulator.sql(sql))[0]!)[0]);

/** The window at 1024 × 700 (a small laptop) and 1440 × 900, `target` scrolled into view, a shot of each; then back to 1280 × 800. */
async function shots(page: Page, name: string, target?: Locator) {
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    if (target) await target.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath(`${name}-${width}x${height}`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** A cell of the table by its column's header text, in the row whose name matches. */
async function cellOf(table: Locator, row: RegExp, column: string): Promise<Locator> {
  await expect(table.getByRole('row', { name: row })).toBeVisible();
  const headers = await table.getByRole('columnheader').allTextContents();
  const index = headers.findIndex((h) => h.trim() === column);
  expect(index, `column "${column}" among ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
  return table.getByRole('row', { name: row }).getByRole('cell').nth(index);
}

/**
 * Records every text the given elements show, in order, as the page changes them: a status that
 * flips through phases faster than an assertion polls is still seen.
 */
async function recordTexts(page: Page, name: string, selector: string) {
  await page.evaluate(
    ({ name, selector }) => {
      const seen: string[] = [];
      (window as unknown as Record<string, string[]>)[name] = seen;
      const read = () => {
        const text = document.querySelector(selector)?.textContent?.trim();
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      };
      new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
      read();
    },
    { name, selector },
  );
  return () => page.evaluate((name) => (window as unknown as Record<string, string[]>)[name] ?? [], name);
}

/**
 * The words a run's status goes through, in order; it may skip some (a phase shorter than a
 * progress tick) but never goes back. "Running" is the record's word before the first progress report.
 */
const LIVE_ORDER = ['Queued', 'Running', 'Connecting', 'Querying', 'Delivering', 'Committing', 'Finishing', 'Succeeded'];

function expectFollowsPhases(seen: string[]) {
  const positions = seen.map((text) => LIVE_ORDER.indexOf(text));
  expect(positions.every((p) => p >= 0), `only run words: ${seen.join(' → ')}`).toBe(true);
  expect(positions, `in order: ${seen.join(' → ')}`).toEqual([...positions].sort((a, b) => a - b));
  expect(seen, `delivering was shown: ${seen.join(' → ')}`).toContain('Delivering');
  expect(seen[seen.length - 1]).toBe('Succeeded');
}

test('§1.1 a running run shows its phase, not "Queued", in the progress panel, the sync list and the run history', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = pageErrors(page);
  const sync = await createSync({ name: 'Slow events', query: `SELECT EVENT_ID, EVENT_NAME, USER_ID FROM ${EVENTS}`, strategy: 'full', primaryKey: ['EVENT_ID'] });
  await page.goto(host.url);
  await page.getByRole('link', { name: 'Syncs' }).click();
  const list = page.getByRole('table', { name: 'Syncs' });
  const lastRun = await cellOf(list, /Slow events/, 'Last run');
  await expect(lastRun).toContainText('Never run');
  const lastRunColumn = (await list.getByRole('columnheader').allTextContents()).findIndex((h) => h.trim() === 'Last run') + 1;

  // A second a request: five requests, so the run delivers for about five seconds.
  fake.faults.set({ delay: { count: 5, ms: 1000 } });
  const panelSeen = await recordTexts(page, 'panelSeen', 'section[aria-label="Run progress"] [data-testid="run-status"]');
  const cellSeen = await recordTexts(page, 'cellSeen', `table[aria-label="Syncs"] tbody tr:first-child td:nth-child(${lastRunColumn}) .badge`);
  await list.getByRole('row', { name: /Slow events/ }).getByRole('button', { name: 'Run now' }).click();
  const panel = page.getByRole('region', { name: 'Run progress' });
  // While it delivers, both say so: the record's "queued" is not the run's state.
  await expect(panel.getByTestId('run-status')).toHaveText('Delivering', { timeout: 30_000 });
  await expect(lastRun).toContainText('Delivering');
  await shots(page, 'truths-run-live');
  await expect(panel.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 60_000 });
  await expect(lastRun).toContainText('Succeeded');
  expectFollowsPhases(await panelSeen());
  expectFollowsPhases(await cellSeen());
  // The other side holds every row.
  expect(fake.accepted()).toHaveLength(ROWS);
  await panel.getByRole('button', { name: 'Close' }).click();

  // The run history and the run's page say the same while a second run delivers.
  fake.faults.set({ delay: { count: 5, ms: 1000 } });
  await list.getByRole('row', { name: /Slow events/ }).getByRole('button', { name: 'Run now' }).click();
  await expect(panel.getByTestId('run-status')).toHaveText(/Connecting|Querying|Delivering/, { timeout: 30_000 });
  await page.getByRole('link', { name: 'Runs' }).click();
  const history = page.getByRole('table', { name: 'Runs' });
  await expect(history.getByRole('row').nth(1).locator('.badge').first()).toHaveText('Delivering', { timeout: 30_000 });
  await history.getByRole('row').nth(1).getByRole('button', { name: /open this run/ }).click();
  const detail = page.getByRole('article', { name: 'Run details' });
  await expect(detail.getByTestId('run-status')).toHaveText(/Delivering|Committing|Succeeded/);
  await expect(detail.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 60_000 });
  const runs = await client.value<Run[]>('runs.list', { syncId: sync.id });
  expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  fake.faults.reset();
  expect(errors).toEqual([]);
});

test('§1.2 a dry run whose every sampled row is rejected says so, grouped by reason with counts and the rows of each', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = pageErrors(page);
  fake.reset();
  // Every row fails the one required rule: null for most events, text that is not a number for purchases.
  await createSync({
    name: 'Amounts',
    query: `SELECT EVENT_ID, EVENT_NAME, CASE WHEN EVENT_NAME = 'purchase' THEN 'n/a' END AS AMOUNT FROM ${EVENTS}`,
    strategy: 'full',
    primaryKey: ['EVENT_ID'],
    mapping: { rules: [{ target: 'amount', source: 'AMOUNT', type: 'number', required: true }], passThrough: true },
  });
  const purchases = await count(`SELECT count(*) FROM ${EVENTS} WHERE EVENT_NAME = 'purchase'`);
  expect(purchases).toBeGreaterThan(0);
  await page.goto(host.url);
  await page.getByRole('link', { name: 'Syncs' }).click();
  await page.getByRole('row', { name: /Amounts/ }).getByRole('button', { name: 'Dry run' }).click();
  const dryRun = page.getByRole('region', { name: 'Dry run' });
  await expect(dryRun.getByTestId('dry-rejected')).toHaveText(String(ROWS), { timeout: 30_000 });
  await expect(dryRun.getByTestId('dry-send')).toHaveText('0');
  // Not "No problems found": the summary is the rows'.
  await expect(dryRun.getByText('No problems found in the sample.')).toHaveCount(0);
  const summary = dryRun.getByRole('region', { name: 'Why rows would be rejected' });
  await expect(summary).toContainText(`All ${ROWS} sampled rows would be rejected`);
  const groups = summary.getByRole('table', { name: 'Rejection reasons' });
  await expect(groups.getByRole('row')).toHaveCount(3);
  const nullRow = groups.getByRole('row', { name: /amount is required but AMOUNT is null/ });
  const textRow = groups.getByRole('row', { name: /amount: "n\/a"/ });
  await expect(nullRow.getByTestId('group-rows')).toHaveText(String(ROWS - purchases));
  await expect(textRow.getByTestId('group-rows')).toHaveText(String(purchases));
  // Each group's rows are a click away: the sample table shows that reason's rows only.
  await textRow.getByRole('button', { name: /Show/ }).click();
  const sample = dryRun.getByRole('table', { name: 'Sample rows' });
  await expect(sample.getByRole('row')).toHaveCount(purchases + 1);
  await expect(sample.locator('tbody')).toContainText('"n/a"');
  await expect(sample.locator('tbody')).not.toContainText('is null');
  await shots(page, 'truths-dry-run-all-rejected', summary);
  await dryRun.getByLabel('Show rows', { exact: true }).selectOption({ label: 'All rows' });
  await expect(sample.getByRole('row')).toHaveCount(ROWS + 1);
  // Nothing was sent.
  expect(fake.accepted()).toHaveLength(0);
  expect(fake.stats().requests).toBe(0);
  expect(errors).toEqual([]);
});

test('§1.5 times of finished runs are in the past, even when the page’s clock is behind the run’s', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = pageErrors(page);
  // The page's clock runs three minutes behind the host's: every finished run ends "in the future" by it.
  await page.clock.install({ time: Date.now() - 3 * 60_000 });
  const failing = await createSync({ name: 'Missing table', query: 'SELECT * FROM NO_SUCH_TABLE', strategy: 'full', primaryKey: [] });
  const failed = await runToEnd(failing.id);
  expect(failed.status).toBe('failed');
  await page.goto(host.url);
  await page.getByRole('link', { name: 'Syncs' }).click();
  const list = page.getByRole('table', { name: 'Syncs' });
  const lastRun = await cellOf(list, /Missing table/, 'Last run');
  await expect(lastRun).toContainText('Failed');
  await expect(lastRun).not.toContainText(/\bin \d|in under/);
  await expect(lastRun).toContainText('just now');
  await page.getByRole('link', { name: 'Runs' }).click();
  const history = page.getByRole('table', { name: 'Runs' });
  const started = await cellOf(history, /Missing table/, 'Started');
  await expect(started).toContainText('just now');
  await expect(history).not.toContainText(/\bin \d|in under/);
  expect(errors).toEqual([]);
});

test('§1.7 and §3: rejected rows grouped by reason with their keys as column values; no retry when none can be retried', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = pageErrors(page);
  fake.reset();
  // Two refusals by the destination (each with its own message) and one by the mapping.
  fake.setRejectWhen((record) => (record.event_name === 'purchase' ? 'purchases need a revenue field' : record.event_name === 'share' ? 'share events are not accepted' : null));
  const query = `SELECT EVENT_ID, EVENT_NAME, USER_ID, CASE WHEN EVENT_NAME = 'search' THEN NULL ELSE USER_ID END AS OWNER FROM ${EVENTS}`;
  const mapping = { rules: [{ target: 'owner', source: 'OWNER', type: 'string' as const, required: true }], passThrough: true };
  const keyed = await createSync({ name: 'Refused events', query, strategy: 'full', primaryKey: ['EVENT_ID'], mapping });
  const expected = {
    purchase: await count(`SELECT count(*) FROM ${EVENTS} WHERE EVENT_NAME = 'purchase'`),
    share: await count(`SELECT count(*) FROM ${EVENTS} WHERE EVENT_NAME = 'share'`),
    search: await count(`SELECT count(*) FROM ${EVENTS} WHERE EVENT_NAME = 'search'`),
  };
  const refused = expected.purchase + expected.share + expected.search;
  const run = await runToEnd(keyed.id);
  expect(run.status).toBe('partially_succeeded');
  expect(run.counters.rejected).toBe(refused);
  // The fake holds every other row, and none of the refused ones.
  const held = fake.accepted();
  expect(held).toHaveLength(ROWS - refused);
  expect(held.some((r) => ['purchase', 'share', 'search'].includes(String(r.event_name)))).toBe(false);
  const firstPurchase = String((await emulator.sql(`SELECT min(EVENT_ID) AS ID FROM ${EVENTS} WHERE EVENT_NAME = 'purchase'`))[0]!.ID);

  await page.goto(`${host.url}#/runs/${run.id}`);
  const detail = page.getByRole('article', { name: 'Run details' });
  await expect(detail.getByTestId('run-status')).toHaveText('Partly succeeded');
  const section = detail.getByRole('region', { name: 'Rejected rows' });
  // The key is the primary key's column and value, not an opaque string.
  await expect(section.getByRole('table', { name: 'Rejected rows' })).toContainText(`EVENT_ID = ${firstPurchase}`);
  // Nothing here can go through as it is: no retry is offered, and the section says why.
  await expect(section.getByRole('button', { name: 'Retry rejected rows' })).toHaveCount(0);
  await expect(section).toContainText('None of these rows can be retried as they are');
  // One line per reason, with its count (the emulator's) and its first rows.
  const groups = section.getByRole('table', { name: 'Rejection reasons' });
  await expect(groups.getByRole('row')).toHaveCount(4);
  const purchaseGroup = groups.getByRole('row', { name: /purchases need a revenue field/ });
  await expect(purchaseGroup.getByTestId('group-rows')).toHaveText(String(expected.purchase));
  await expect(purchaseGroup).toContainText(`EVENT_ID = ${firstPurchase}`);
  await expect(groups.getByRole('row', { name: /share events are not accepted/ }).getByTestId('group-rows')).toHaveText(String(expected.share));
  await expect(groups.getByRole('row', { name: /owner is required but OWNER is null/ }).getByTestId('group-rows')).toHaveText(String(expected.search));
  await expect(section).toContainText(`${refused} rows rejected for 3 reasons`);
  // The filter narrows the rows to one reason.
  await section.getByLabel('Reason', { exact: true }).selectOption({ label: `share events are not accepted (${expected.share})` });
  const rows = section.getByRole('table', { name: 'Rejected rows' });
  await expect(rows.locator('tbody tr')).toHaveCount(expected.share);
  await expect(rows.locator('tbody')).not.toContainText('purchases need a revenue field');
  await purchaseGroup.getByRole('button', { name: /Show/ }).click();
  await expect(rows.locator('tbody tr')).toHaveCount(expected.purchase);
  await expect(section.getByLabel('Reason', { exact: true })).toHaveValue(/.+/);
  await shots(page, 'truths-rejected-groups', section);
  // At a small laptop's width nothing in the section is off to the side: not the reasons, not their buttons.
  await page.setViewportSize({ width: 1024, height: 700 });
  expect(await section.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
  for (const table of ['.rejected-groups-scroll', '.rejected-rows-scroll']) expect(await section.locator(table).evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 800 });

  // A key of two columns reads as both, in the key's order.
  const twoKey = await createSync({ name: 'Refused by two keys', query, strategy: 'full', primaryKey: ['USER_ID', 'EVENT_ID'], mapping });
  const twoRun = await runToEnd(twoKey.id);
  const firstPurchaseUser = String((await emulator.sql(`SELECT USER_ID FROM ${EVENTS} WHERE EVENT_ID = '${firstPurchase}'`))[0]!.USER_ID);
  await page.goto(`${host.url}#/runs/${twoRun.id}`);
  await expect(section.getByRole('table', { name: 'Rejected rows' })).toContainText(`USER_ID = ${firstPurchaseUser}, EVENT_ID = ${firstPurchase}`);
  await shots(page, 'truths-rejected-two-keys', section);

  // Without a primary key, a row is named by its digest, and the page says why.
  const keyless = await createSync({ name: 'Refused without a key', query, strategy: 'full', primaryKey: [], mapping });
  const keylessRun = await runToEnd(keyless.id);
  await page.goto(`${host.url}#/runs/${keylessRun.id}`);
  await expect(section).toContainText('This sync has no primary key');
  await expect(section.getByRole('table', { name: 'Rejected rows' })).not.toContainText('EVENT_ID =');
  await expect(section.getByRole('table', { name: 'Rejected rows' })).toContainText(/Digest [\w-]{12}…/);
  await expect(section.getByRole('table', { name: 'Rejected rows' })).toContainText(/Row \d+ of the run/);
  await shots(page, 'truths-rejected-keyless', section);
  fake.setRejectWhen(null);
  expect(errors).toEqual([]);
});

/**
 * An endpoint that answers with per-record results and leaves out the records whose event is a
 * `share` until told otherwise: Floe keeps those as rejected and retryable (not acknowledged).
 */
function startForgetfulEndpoint() {
  const held = new Map<string, Record<string, unknown>>();
  let forget = true;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const records = JSON.parse(Buffer.concat(chunks).toString()) as Array<Record<string, unknown>>;
      const results: Array<{ index: number; status: string }> = [];
      records.forEach((record, index) => {
        if (forget && record.event_name === 'share') return;
        held.set(String(record.event_id), record);
        results.push({ index, status: 'accepted' });
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ results }));
    });
  });
  return new Promise<{ url: string; held: typeof held; remember(): void; close(): Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/ingest`, held, remember: () => (forget = false), close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

test('§1.7 Retry rejected rows is offered when a row can be retried, and the retry delivers it', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = pageErrors(page);
  const endpoint = await startForgetfulEndpoint();
  try {
    const destination = await client.value<{ id: string }>('destinations.create', { name: 'Forgetful endpoint', kind: 'http', settings: { url: endpoint.url, batchSize: 50 } });
    const sync = await createSync({ name: 'Unacknowledged shares', query: `SELECT EVENT_ID, EVENT_NAME FROM ${EVENTS}`, strategy: 'full', primaryKey: ['EVENT_ID'] }, destination.id);
    const shares = await count(`SELECT count(*) FROM ${EVENTS} WHERE EVENT_NAME = 'share'`);
    const run = await runToEnd(sync.id);
    expect(run.counters.rejected).toBe(shares);
    expect(endpoint.held.size).toBe(ROWS - shares);

    await page.goto(`${host.url}#/runs/${run.id}`);
    const detail = page.getByRole('article', { name: 'Run details' });
    const section = detail.getByRole('region', { name: 'Rejected rows' });
    await expect(section).toContainText(`${shares} of these rows can be retried`);
    await shots(page, 'truths-retry-offered', section);
    endpoint.remember();
    await section.getByRole('button', { name: 'Retry rejected rows' }).click();
    await expect(detail.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 60_000 });
    await expect(detail).toContainText('Retry of rejected rows');
    expect(endpoint.held.size).toBe(ROWS);
    expect(errors).toEqual([]);
  } finally {
    await endpoint.close();
  }
});
