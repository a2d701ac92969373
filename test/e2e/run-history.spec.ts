import type { Locator, Page } from '@playwright/test';
import type { Run, RunEvent } from '../../shared/schemas';
import type { HttpFakeHandle } from '../emulators/destinations/http';
import { SEED, type EmulatorHandle } from '../emulators/snowflake';
import { syncDraft } from '../helpers/fixtures';
import type { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, screenshotPath, test, type FloeHost } from './floe-host';
import { closeWorkspace, openWorkspace } from './workspace';

// Its own host, emulator and fake: the runs this leaves behind must not reach other specs' pages.
let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let host: FloeHost;
let client: HostClient;
let connectionId: string;
let destinationId: string;

const ROWS = 500;
const QUERY = `SELECT EVENT_ID, EVENT_NAME, USER_ID, EVENT_TIMESTAMP FROM ${SEED.tables.events}`;
const STEPS: Array<RunEvent['kind']> = ['queued', 'connecting', 'extracting', 'delivering', 'committing', 'finished'];

test.beforeAll(async () => {
  ({ emulator, fake, host, client, connectionId } = await openWorkspace({ emulator: { rows: ROWS } }));
  // Five batches one at a time, so a run lasts long enough to watch its timeline grow.
  const destination = await client.value<{ id: string }>('destinations.create', { name: 'Fake endpoint', kind: 'http', settings: { url: fake.url, batchSize: 100, concurrency: 1 } });
  destinationId = destination.id;
  await client.value('syncs.create', newSync('Events to the fake'));
});
test.afterAll(() => closeWorkspace({ emulator, fake, host, client }));

function newSync(name: string) {
  return syncDraft(connectionId, destinationId, {
    name,
    query: QUERY,
    strategy: 'diff',
    primaryKey: ['EVENT_ID'],
    mapping: { rules: [], passThrough: true },
    schedule: { kind: 'manual' },
  });
}

async function listRuns(query: Record<string, unknown> = {}): Promise<Run[]> {
  return client.value<Run[]>('runs.list', { limit: 500, ...query });
}

/** The page scrolls inside <main>: a shot at a given window size, then one of the whole page at that width. */
async function shots(page: Page, name: string, width: number, height: number) {
  await page.setViewportSize({ width, height });
  await page.screenshot({ path: screenshotPath(`${name}-${width}x${height}`) });
  const full = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? height);
  await page.setViewportSize({ width, height: Math.max(height, Math.min(full, 4000)) });
  await page.screenshot({ path: screenshotPath(`${name}-${width}-full`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function runNow(page: Page, sync: string, status: string) {
  await page.getByRole('link', { name: 'Syncs' }).click();
  const panel = page.getByRole('region', { name: 'Run progress' });
  // The panel of an earlier run stays open until closed.
  if (await panel.isVisible()) await panel.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('row', { name: new RegExp(sync) }).getByRole('button', { name: 'Run now' }).click();
  await expect(panel.getByTestId('run-status')).toHaveText(status, { timeout: 60_000 });
  await panel.getByRole('button', { name: 'Close' }).click();
}

/** The runs each chart draws, by run id. */
async function barRuns(chart: Locator, series: string): Promise<string[]> {
  return chart.locator(`rect.run-bar[data-series="${series}"]`).evaluateAll((bars) => bars.map((b) => b.getAttribute('data-run-id') ?? ''));
}

async function expectHistory(page: Page, runs: Run[]) {
  const ids = runs.map((r) => r.id).sort();
  const table = page.getByRole('table', { name: 'Runs' });
  await expect(table.getByRole('row')).toHaveCount(runs.length + 1);
  const rows = page.getByRole('figure', { name: 'Rows per run' });
  const durations = page.getByRole('figure', { name: 'Duration per run' });
  for (const series of ['sent', 'rejected', 'unchanged', 'notSent']) {
    await expect(rows.locator(`rect.run-bar[data-series="${series}"]`)).toHaveCount(runs.length);
    expect((await barRuns(rows, series)).sort()).toEqual(ids);
  }
  await expect(durations.locator('rect.run-bar[data-series="duration"]')).toHaveCount(runs.length);
  expect((await barRuns(durations, 'duration')).sort()).toEqual(ids);
}

/** A finished run's timeline kinds, in the order shown (once it has loaded to its end). */
async function timelineKinds(detail: Locator): Promise<string[]> {
  const items = detail.getByRole('list', { name: 'Timeline entries' }).getByRole('listitem');
  await expect(items.last()).toHaveAttribute('data-kind', 'finished');
  return items.evaluateAll((all) => all.map((i) => i.getAttribute('data-kind') ?? ''));
}

test('run history: runs, both charts, filters that the list and charts follow, and a run opened by its address with its timeline', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = pageErrors(page);
  await page.goto(host.url);

  // 1. The first run, slowed (a second a batch) and with one refused request: its timeline grows while it runs.
  fake.faults.set({ delay: { count: 6, ms: 1000 }, fail: { count: 1, status: 503 } });
  await page.getByRole('link', { name: 'Syncs' }).click();
  await page.getByRole('row', { name: /Events to the fake/ }).getByRole('button', { name: 'Run now' }).click();
  const panel = page.getByRole('region', { name: 'Run progress' });
  await panel.getByRole('button', { name: 'Open run details' }).click();
  const detail = page.getByRole('article', { name: 'Run details' });
  const timeline = detail.getByRole('list', { name: 'Timeline entries' });
  // While it runs: one current step, no end yet.
  await expect(timeline.locator('li[aria-current="step"]')).toHaveCount(1, { timeout: 30_000 });
  await expect(timeline.locator('li[data-kind="finished"]')).toHaveCount(0);
  await expect(detail.getByTestId('run-status')).toHaveText(/Queued|Running|Connecting|Querying|Delivering|Committing/);
  await page.screenshot({ path: screenshotPath('run-history-detail-live') });
  // It ends without a reload: the timeline follows.
  await expect(detail.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 60_000 });
  await expect(timeline.locator('li[data-kind="finished"]')).toContainText('Succeeded');
  await expect(timeline.locator('li[aria-current="step"]')).toHaveCount(0);
  const firstKinds = await timelineKinds(detail);
  expect(firstKinds.filter((k) => k !== 'retry')).toEqual(STEPS);
  expect(firstKinds.indexOf('retry')).toBeGreaterThan(firstKinds.indexOf('delivering'));
  await expect(timeline.locator('li[data-kind="retry"]').first()).toContainText('503');
  fake.faults.reset();
  expect(fake.accepted()).toHaveLength(ROWS);

  // 2. Two more runs by hand: nothing changed (all unchanged), then two rows changed and one refused.
  await runNow(page, 'Events to the fake', 'Succeeded');
  await emulator.sql(`UPDATE ${SEED.tables.events} SET EVENT_NAME = 'changed' WHERE EVENT_ID IN ('evt_0000000004', 'evt_0000000005')`);
  fake.setRejectWhen((record) => (record.event_id === 'evt_0000000004' ? 'event_name is not allowed here' : null));
  await runNow(page, 'Events to the fake', 'Partly succeeded');
  fake.setRejectWhen(null);

  const runs = await listRuns();
  expect(runs.map((r) => r.status)).toEqual(['partially_succeeded', 'succeeded', 'succeeded']);
  const [partly, unchanged, first] = runs as [Run, Run, Run];
  expect(unchanged.counters).toMatchObject({ sent: 0, unchanged: ROWS });
  expect(partly.counters).toMatchObject({ sent: 1, rejected: 1, unchanged: ROWS - 2 });

  // 3. The history: every run listed, a bar for each in both charts, with legends.
  await page.getByRole('link', { name: 'Runs' }).click();
  await expectHistory(page, runs);
  const rowsChart = page.getByRole('figure', { name: 'Rows per run' });
  const durationChart = page.getByRole('figure', { name: 'Duration per run' });
  await expect(rowsChart.getByRole('list', { name: 'Legend' })).toHaveText(/Sent.*Rejected.*Unchanged.*Not sent/);
  await expect(durationChart.getByRole('list', { name: 'Legend' })).toHaveText(/Succeeded.*Partly succeeded|Partly succeeded.*Succeeded/);
  // Bars are drawn to scale: the first run's sent bar stands, the unchanged run's does not.
  const height = (chart: Locator, series: string, id: string) => chart.locator(`rect[data-series="${series}"][data-run-id="${id}"]`).evaluate((r) => Number(r.getAttribute('height')));
  expect(await height(rowsChart, 'sent', first.id)).toBeGreaterThan(50);
  expect(await height(rowsChart, 'sent', unchanged.id)).toBe(0);
  expect(await height(rowsChart, 'unchanged', unchanged.id)).toBeGreaterThan(50);
  expect(await height(durationChart, 'duration', first.id)).toBeGreaterThan(await height(durationChart, 'duration', unchanged.id));
  // At both window sizes each chart is drawn inside its card and wide enough to read, and the list needs no sideways scroll.
  for (const [width, h] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height: h });
    for (const chart of [rowsChart, durationChart]) {
      const box = (await chart.boundingBox())!;
      const svg = (await chart.locator('svg.recharts-surface').boundingBox())!;
      expect(svg.x).toBeGreaterThanOrEqual(box.x);
      expect(svg.x + svg.width).toBeLessThanOrEqual(box.x + box.width + 1);
      expect(svg.width).toBeGreaterThan(280);
    }
    const list = page.locator('.history-table-scroll');
    expect(await list.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
    await shots(page, 'run-history', width, h);
  }
  // Hovering a bar tells which run it is.
  await rowsChart.locator(`rect[data-series="sent"][data-run-id="${first.id}"]`).hover();
  await expect(rowsChart.locator('.chart-tooltip')).toContainText('Events to the fake');
  await expect(rowsChart.locator('.chart-tooltip')).toContainText(ROWS.toLocaleString('en-US'));
  await rowsChart.screenshot({ path: screenshotPath('run-history-tooltip') });

  // 4. Filters: the list and both charts follow.
  const filters = page.getByRole('form', { name: 'Filter runs' });
  await filters.getByRole('checkbox', { name: 'Partly succeeded' }).check();
  await expectHistory(page, [partly]);
  await expect(durationChart.getByRole('list', { name: 'Legend' })).toHaveText('Partly succeeded');
  await filters.getByRole('checkbox', { name: 'Succeeded', exact: true }).check();
  await expectHistory(page, runs);
  await filters.getByRole('checkbox', { name: 'Partly succeeded' }).uncheck();
  await expectHistory(page, [unchanged, first]);
  await filters.getByRole('checkbox', { name: 'Failed' }).check();
  await expectHistory(page, [unchanged, first]);
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await expectHistory(page, runs);

  // Days: today has every run, tomorrow none; a range backwards is named, not asked for.
  const day = (offset: number) =>
    page.evaluate((o) => {
      const d = new Date();
      d.setDate(d.getDate() + o);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    }, offset);
  await filters.getByLabel('From', { exact: true }).fill(await day(1));
  await expect(page.getByRole('region', { name: 'No runs match these filters' })).toBeVisible();
  await expect(page.getByRole('figure')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Runs' })).toHaveCount(0);
  await filters.getByLabel('From', { exact: true }).fill(await day(0));
  await expectHistory(page, runs);
  await filters.getByLabel('To', { exact: true }).fill(await day(-1));
  await expect(filters.getByRole('alert')).toContainText('after');
  await filters.getByLabel('To', { exact: true }).fill(await day(0));
  await expect(filters.getByRole('alert')).toHaveCount(0);
  await expectHistory(page, runs);
  await page.getByRole('button', { name: 'Clear filters' }).first().click();

  // One sync's runs: a second sync's run joins the history live, and the sync filter separates them.
  const second = await client.value<{ id: string; name: string }>('syncs.create', newSync('Second sync'));
  await client.value('syncs.run', { id: second.id });
  await expect.poll(async () => (await listRuns({ syncId: second.id }))[0]?.status, { timeout: 60_000 }).toBe('succeeded');
  const all = await listRuns();
  await expectHistory(page, all);
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await filters.getByLabel('Sync', { exact: true }).selectOption({ label: 'Second sync' });
  await expectHistory(page, all.filter((r) => r.syncId === second.id));
  await filters.getByLabel('Sync', { exact: true }).selectOption({ label: 'Events to the fake' });
  await expectHistory(page, runs);
  // Another page can link to one sync's history.
  await filters.getByLabel('Sync', { exact: true }).selectOption({ label: 'All syncs' });
  await expectHistory(page, all);
  await page.evaluate((id) => (location.hash = `/runs/sync/${id}`), second.id);
  await expectHistory(page, all.filter((r) => r.syncId === second.id));
  await expect(filters.getByLabel('Sync', { exact: true })).toHaveValue(second.id);
  await filters.getByRole('button', { name: 'Clear filters' }).click();

  // 5. #/runs/<id> opens that run, as a clicked notification does (the shell sets the hash).
  await page.evaluate((id) => (location.hash = `/runs/${id}`), first.id);
  await expect(detail.getByTestId('run-status')).toHaveText('Succeeded');
  expect((await timelineKinds(detail)).filter((k) => k !== 'retry')).toEqual(STEPS);
  // Each entry's time is no earlier than the one before.
  const times = await timeline.locator('time').evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute('datetime') ?? '')));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  await shots(page, 'run-history-detail', 1024, 700);

  // A fresh window opened on the address shows the run too.
  await page.goto(`${host.url}#/runs/${partly.id}`);
  await expect(detail.getByTestId('run-status')).toHaveText('Partly succeeded');
  await expect(timeline.locator('li[data-kind="finished"]')).toContainText('Partly succeeded');
  expect(await timelineKinds(detail)).toEqual(STEPS);
  await expect(page.getByRole('link', { name: 'Runs' })).toHaveAttribute('aria-current', 'page');
  await detail.getByRole('button', { name: '← All runs' }).click();
  await expectHistory(page, all);
  // A row's sync name opens its run; so does a bar.
  await page.getByRole('table', { name: 'Runs' }).getByRole('row').nth(2).getByRole('button', { name: /open this run/ }).click();
  await expect(detail.getByTestId('run-status')).toBeVisible();
  expect(page.url()).toContain(`#/runs/${all[1]!.id}`);
  await detail.getByRole('button', { name: '← All runs' }).click();
  await page.getByRole('figure', { name: 'Duration per run' }).locator(`rect[data-run-id="${first.id}"]`).click();
  await expect(detail.getByTestId('run-status')).toHaveText('Succeeded');
  expect(page.url()).toContain(`#/runs/${first.id}`);
  expect(errors).toEqual([]);
});
