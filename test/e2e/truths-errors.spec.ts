import type { Locator, Page } from '@playwright/test';
import type { Run } from '../../shared/schemas';
import { startHttpFake, type HttpFakeHandle } from '../emulators/destinations/http';
import { SEED, startEmulator, type EmulatorHandle } from '../emulators/snowflake';
import { syncDraft } from '../helpers/fixtures';
import { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, screenshotPath, startFloe, test, type FloeHost } from './floe-host';
import { addDemoConnection, counter } from './page-helpers';

// Issue 13 §1.4: rows a run never delivered are "not sent", not rejected. Its own host, emulator and fake.
let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let host: FloeHost;
let client: HostClient;
let demoId: string;

const ROWS = 300;

test.beforeAll(async () => {
  emulator = await startEmulator({ rows: ROWS });
  fake = await startHttpFake();
  host = await startFloe();
  client = await HostClient.connect(host.url);
  demoId = await addDemoConnection(client, emulator);
});
test.afterAll(async () => {
  client?.close();
  await host?.stop();
  await fake?.close();
  await emulator?.close();
});

/** A shot at a small laptop's window and one at a wide one, each of the whole page at that width. */
async function shots(page: Page, name: string) {
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    const full = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 0);
    await page.setViewportSize({ width, height: Math.max(height, Math.min(full, 4000)) });
    await page.screenshot({ path: screenshotPath(`truths-errors-${name}-${width}`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function finished(runId: string): Promise<Run> {
  await expect.poll(async () => (await client.value<Run>('runs.get', { id: runId })).finishedAt, { timeout: 90_000 }).not.toBeNull();
  return client.value<Run>('runs.get', { id: runId });
}

/** Clicks Run now on a sync's row and waits for the run it started to finish. */
async function runNow(page: Page, sync: string): Promise<Run> {
  await page.getByRole('link', { name: 'Syncs' }).click();
  const before = new Set((await client.value<Run[]>('runs.list', { limit: 500 })).map((r) => r.id));
  await page.getByRole('row', { name: new RegExp(sync) }).getByRole('button', { name: 'Run now' }).click();
  let started: Run | undefined;
  await expect.poll(async () => (started = (await client.value<Run[]>('runs.list', { limit: 500 })).find((r) => !before.has(r.id)))?.id, { timeout: 30_000 }).toBeTruthy();
  return finished(started!.id);
}

async function openRun(page: Page, runId: string): Promise<Locator> {
  await page.evaluate((id) => (location.hash = `/runs/${id}`), runId);
  const detail = page.getByRole('article', { name: 'Run details' });
  await expect(detail.getByTestId('run-status')).toBeVisible();
  return detail;
}

test('a destination that cannot be reached: its rows are not sent, not rejected, and the next run sends every one of them', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = pageErrors(page);
  // The name cannot resolve (.invalid is reserved): every attempt fails with a DNS error.
  const destination = await client.value<{ id: string; name: string; kind: string; settings: Record<string, unknown> }>('destinations.create', {
    name: 'Endpoint behind a typo',
    kind: 'http',
    settings: { url: 'http://no-such-host.invalid/ingest', batchSize: 100, concurrency: 1, maxAttempts: 2, timeoutMs: 5_000 },
  });
  // Incremental by a timestamp column: the watermark must not pass rows that were never sent.
  await client.value(
    'syncs.create',
    syncDraft(demoId, destination.id, {
      name: 'Events behind a typo',
      query: `SELECT EVENT_ID, EVENT_NAME, USER_ID, EVENT_TIMESTAMP FROM ${SEED.tables.events}`,
      strategy: 'incremental',
      watermarkColumn: 'EVENT_TIMESTAMP',
      primaryKey: ['EVENT_ID'],
      mapping: { rules: [], passThrough: true },
      schedule: { kind: 'manual' },
    }),
  );
  const [{ N: total }] = (await emulator.sql(`SELECT COUNT(*) AS N FROM ${SEED.tables.events}`)) as [{ N: number }];

  await page.goto(host.url);
  const down = await runNow(page, 'Events behind a typo');
  expect(down.status).toBe('failed');
  expect(down.error?.code).toBe('destination_unreachable');
  // Every row read is accounted for, and none of them was refused by anyone.
  expect(down.counters.rejected).toBe(0);
  expect(down.counters.sent).toBe(0);
  expect(down.counters.skipped).toBe(down.counters.read);
  expect(down.counters.read).toBeGreaterThan(0);
  expect(await client.value<unknown[]>('runs.rejected', { runId: down.id, limit: 1000 })).toEqual([]);

  const detail = await openRun(page, down.id);
  await expect(detail.getByTestId('run-status')).toHaveText('Failed');
  const counters = detail.getByRole('region', { name: 'Run counters' });
  expect(await counter(counters, 'rejected')).toBe(0);
  expect(await counter(counters, 'skipped')).toBe(down.counters.read);
  await expect(counters.locator('.counter-skipped dt')).toHaveText('Not sent');
  await expect(counters).toContainText('sent again by the next run');
  await expect(detail.getByRole('region', { name: 'Rejected rows' })).toContainText('No row was rejected.');
  await expect(detail.getByRole('button', { name: 'Retry rejected rows' })).toHaveCount(0);
  await shots(page, 'not-sent-run');

  // The typo fixed: the next run sends every row the first one did not, and the fake holds them all.
  await client.value('destinations.update', { id: destination.id, draft: { name: destination.name, kind: destination.kind, settings: { ...destination.settings, url: fake.url } } });
  const again = await runNow(page, 'Events behind a typo');
  expect(again.status).toBe('succeeded');
  expect(again.counters).toMatchObject({ read: total, sent: total, rejected: 0, skipped: 0 });
  const stored = fake.accepted().map((r) => r.event_id);
  expect(stored).toHaveLength(total);
  expect(new Set(stored).size).toBe(total);
  expect(errors).toEqual([]);
});
