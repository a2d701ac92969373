import { describe, expect, it, onTestFinished } from 'vitest';
import { startHttpFake } from '../../emulators/destinations/http';
import { seedSizes } from '../../emulators/snowflake';
import { invariant, useEngineEnv } from './helpers';

const ROWS = 1_000;
const EVENTS = seedSizes(ROWS).events;
const t = useEngineEnv(ROWS, { batchSize: 100, timeoutMs: 1_000 }, { retryAfterSeconds: 0.2 });

/** Each row reached the endpoint exactly once, and the run says so. */
async function expectDeliveredOnce(syncId: string) {
  const run = await t.env.run(syncId);
  expect(run.error).toBeNull();
  expect(run.status).toBe('succeeded');
  expect(run.counters).toMatchObject({ read: EVENTS, sent: EVENTS, rejected: 0, skipped: 0 });
  expect(invariant(run)).toBe(true);
  const stored = t.fake.accepted().map((r) => r.event_id);
  expect(stored).toHaveLength(EVENTS);
  expect(new Set(stored).size).toBe(EVENTS);
  return run;
}

const fullSync = () => t.env.sync({ strategy: 'full', query: 'SELECT EVENT_ID, EVENT_NAME FROM APP_EVENTS' });

describe('delivery under faults: every row accounted for, nothing duplicated', () => {
  it('a 429 storm (with Retry-After)', async () => {
    t.fake.faults.storm({ rate429: 0.4, seed: 7 });
    await expectDeliveredOnce((await fullSync()).id);
    expect(t.fake.stats().statusCounts['429']).toBeGreaterThan(0);
  });

  it('429s without Retry-After, and 5xx answers', async () => {
    t.fake.faults.rateLimit(2, null);
    t.fake.faults.fail(3, 503);
    await expectDeliveredOnce((await fullSync()).id);
    expect(t.fake.stats().statusCounts['503']).toBe(3);
  });

  it('answers slower than the batch timeout', async () => {
    t.fake.faults.delay(2, 2_500);
    await expectDeliveredOnce((await fullSync()).id);
  });

  it('dropped connections, and acknowledgements lost after the endpoint stored the batch', async () => {
    t.fake.faults.dropConnections(2);
    t.fake.faults.acceptThenDrop(2);
    await expectDeliveredOnce((await fullSync()).id);
    expect(t.fake.stats().duplicates).toBeGreaterThan(0);
  });
});

describe('a destination that is down', () => {
  it('stops the run after one batch exhausts its retries, instead of grinding through every batch', async () => {
    const down = await t.env.core.handlers['destinations.create']({
      name: 'Down endpoint',
      kind: 'http',
      settings: { url: t.fake.url, batchSize: 100, concurrency: 2, timeoutMs: 1_000, maxAttempts: 2 },
    });
    t.fake.faults.dropConnections(10_000);
    const sync = await t.env.sync({ strategy: 'diff', query: 'SELECT EVENT_ID, EVENT_NAME FROM APP_EVENTS', destinationId: down.id });
    const run = await t.env.run(sync.id);
    t.fake.faults.reset();
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'destination_unreachable', message: expect.stringContaining('failed 2 times'), remedy: expect.stringContaining('run again') });
    expect(invariant(run)).toBe(true);
    expect(run.counters.sent).toBe(0);
    // Two batches at most were tried (the window), not all of them.
    expect(t.fake.stats().requests).toBeLessThanOrEqual(2 * 2 + 2);
    // Nobody refused a row: every row read is not sent (none rejected), and none is kept as rejected.
    expect(run.counters).toMatchObject({ rejected: 0, skipped: run.counters.read });
    expect(await t.env.core.handlers['runs.rejected']({ runId: run.id, limit: 1000 })).toEqual([]);

    // Nothing was acknowledged, so nothing advanced: the next run sends every row.
    const again = await t.env.run(sync.id);
    expect(again.status).toBe('succeeded');
    expect(again.counters.sent).toBe(EVENTS);
  });
});

describe('a destination that goes down mid-run', () => {
  it('incremental by column: rows after the last acknowledged batch are not sent, the watermark stays behind them, and the next run sends every one', async () => {
    const flaky = await t.env.core.handlers['destinations.create']({
      name: 'Flaky endpoint',
      kind: 'http',
      settings: { url: t.fake.url, batchSize: 100, concurrency: 1, timeoutMs: 1_000, maxAttempts: 2 },
    });
    // The endpoint takes two batches, then drops every connection.
    let taken = 0;
    t.fake.setRejectWhen(() => {
      if (++taken === 200) t.fake.faults.dropConnections(10_000);
      return null;
    });
    const sync = await t.env.sync({ strategy: 'incremental', watermarkColumn: 'EVENT_TIMESTAMP', query: 'SELECT EVENT_ID, EVENT_NAME, EVENT_TIMESTAMP FROM APP_EVENTS', destinationId: flaky.id });
    const run = await t.env.run(sync.id);
    t.fake.setRejectWhen(null);
    t.fake.faults.reset();
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('destination_unreachable');
    // The run stopped reading once the endpoint was down: what it read and did not deliver is not sent.
    expect(run.counters.read).toBeGreaterThan(200);
    expect(run.counters).toMatchObject({ sent: 200, rejected: 0, skipped: run.counters.read - 200 });
    expect(invariant(run)).toBe(true);
    expect(await t.env.core.handlers['runs.rejected']({ runId: run.id, limit: 1000 })).toEqual([]);
    expect(t.fake.accepted()).toHaveLength(200);

    // Reachable again: the rows not sent come back through the query (the watermark did not pass them).
    const next = await t.env.run(sync.id);
    expect(next.status).toBe('succeeded');
    expect(next.counters.rejected).toBe(0);
    expect(next.counters.sent).toBeGreaterThanOrEqual(EVENTS - 200);
    const stored = new Set(t.fake.accepted().map((r) => r.event_id));
    expect(stored.size).toBe(EVENTS);
  });
});

describe('an endpoint that refuses Floe’s credentials', () => {
  it('stops the run at the first 401 with what to check, and loses no row: the next run sends them all', async () => {
    const guarded = await startHttpFake({ auth: { bearer: 'the-right-token' } });
    onTestFinished(() => guarded.close());
    const destination = await t.env.core.handlers['destinations.create']({
      name: 'Guarded endpoint',
      kind: 'http',
      settings: { url: guarded.url, batchSize: 100, concurrency: 2, timeoutMs: 5_000, auth: 'bearer' },
    });
    const token = { kind: 'destination' as const, id: destination.id, field: 'token' as const };
    await t.env.core.secrets.set(token, 'an-old-token');
    const sync = await t.env.sync({ strategy: 'full', query: 'SELECT EVENT_ID, EVENT_NAME FROM APP_EVENTS', destinationId: destination.id });
    const run = await t.env.run(sync.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({
      code: 'destination_refused',
      message: expect.stringMatching(/^The endpoint refused Floe’s credentials \(HTTP 401/),
      remedy: expect.stringMatching(/token or user name and password/),
    });
    expect(run.counters.sent).toBe(0);
    expect(invariant(run)).toBe(true);
    // The refusal was of Floe's key, not of the rows: they are not sent (not rejected), and wait for the next run.
    expect(run.counters).toMatchObject({ rejected: 0, skipped: run.counters.read });
    expect(await t.env.core.handlers['runs.rejected']({ runId: run.id, limit: 1000 })).toEqual([]);
    // One refusal is enough to know: not a request per batch.
    expect(guarded.stats().requests).toBeLessThanOrEqual(2);
    expect(guarded.accepted()).toEqual([]);

    await t.env.core.secrets.set(token, 'the-right-token');
    expect((await t.env.run(sync.id)).counters.sent).toBe(EVENTS);
    expect(guarded.accepted()).toHaveLength(EVENTS);
  });
});

describe('rejections', () => {
  it('keeps per-record rejections with the destination’s reason, and retries them later', async () => {
    t.fake.setRejectWhen((record) => (record.event_name === 'purchase' ? 'purchases need a revenue field' : null));
    const sync = await fullSync();
    const run = await t.env.run(sync.id);
    expect(run.status).toBe('partially_succeeded');
    expect(run.counters.rejected).toBeGreaterThan(0);
    expect(run.counters.sent + run.counters.rejected).toBe(EVENTS);
    const rejected = await t.env.core.handlers['runs.rejected']({ runId: run.id, limit: 1000 });
    expect(rejected).toHaveLength(run.counters.rejected);
    expect(rejected[0]).toMatchObject({ reason: 'rejected by the destination', destinationMessage: 'purchases need a revenue field', retryable: false, resolvedBy: null });

    t.fake.setRejectWhen(null);
    const retry = await t.env.core.handlers['runs.retryRejected']({ runId: run.id });
    const finished = (await t.env.core.engine.whenFinished(retry.id))!;
    expect(finished).toMatchObject({ status: 'succeeded', trigger: 'retry', retryOf: run.id });
    expect(finished.counters).toMatchObject({ read: run.counters.rejected, sent: run.counters.rejected });
    expect((await t.env.core.handlers['runs.rejected']({ runId: run.id, limit: 1000 })).every((r) => r.resolvedBy === retry.id)).toBe(true);
    await expect(t.env.core.handlers['runs.retryRejected']({ runId: run.id })).rejects.toMatchObject({ code: 'nothing_to_retry' });
  });

  it('rejects rows the mapping cannot convert, naming the field and value', async () => {
    const sync = await t.env.sync({
      strategy: 'full',
      query: "SELECT 'a' AS ID, '12' AS N UNION ALL SELECT 'b', 'twelve'",
      primaryKey: ['ID'],
      mapping: { rules: [{ target: 'n', source: 'N', type: 'integer', required: true }], passThrough: false },
    });
    const run = await t.env.run(sync.id);
    expect(run.counters).toMatchObject({ read: 2, sent: 1, rejected: 1 });
    expect((await t.env.core.handlers['runs.rejected']({ runId: run.id, limit: 10 }))[0]).toMatchObject({ rowKey: 'b', reason: 'n: "twelve" (string) is not a number' });
  });
});

describe('numbers', () => {
  it('sends integers beyond 2^53 with every digit (as text), and refuses to round them into a number field', async () => {
    const query = "SELECT 'a' AS ID, 12345678901234567891 AS BIG, 42 AS SMALL, 1.25 AS DEC, 9007199254740993 AS EDGE";
    const passThrough = await t.env.sync({ strategy: 'full', query, primaryKey: ['ID'] });
    const run = await t.env.run(passThrough.id);
    expect(run.counters).toMatchObject({ read: 1, sent: 1 });
    expect(t.fake.accepted()[0]).toMatchObject({ id: 'a', big: '12345678901234567891', small: 42, dec: 1.25, edge: '9007199254740993' });

    const asNumber = await t.env.sync({
      strategy: 'full',
      query,
      primaryKey: ['ID'],
      mapping: { rules: [{ target: 'big', source: 'BIG', type: 'number', required: true }], passThrough: false },
    });
    const refused = await t.env.run(asNumber.id);
    expect(refused.counters).toMatchObject({ read: 1, sent: 0, rejected: 1 });
    expect((await t.env.core.handlers['runs.rejected']({ runId: refused.id, limit: 10 }))[0]?.reason).toBe(
      'big: "12345678901234567891" (string) is too large to send exactly as a number: map it as a string',
    );
  });
});

describe('guards', () => {
  it('stops at the row limit with a clear message', async () => {
    const sync = await t.env.sync({ strategy: 'full', query: 'SELECT EVENT_ID FROM APP_EVENTS', rowLimit: 50 });
    const run = await t.env.run(sync.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'row_limit', message: expect.stringContaining('more than 50 rows') });
    expect(invariant(run)).toBe(true);
  });

  it('refuses a query with more than 300 columns', async () => {
    const columns = Array.from({ length: 301 }, (_, i) => `${i} AS C${i}`).join(', ');
    const sync = await t.env.sync({ strategy: 'full', query: `SELECT ${columns}`, primaryKey: [] });
    const run = await t.env.run(sync.id);
    expect(run.error).toMatchObject({ code: 'too_many_columns' });
  });
});

describe('cancel', () => {
  it('stops the query and the delivery, and accounts for every row read', async () => {
    t.fake.faults.delay(1_000, 300);
    const sync = await fullSync();
    const { run, finished } = await t.env.core.engine.start(sync.id, 'manual');
    await new Promise((resolve) => setTimeout(resolve, 700));
    await t.env.core.handlers['runs.cancel']({ id: run.id });
    const done = await finished;
    t.fake.faults.reset();
    expect(done.status).toBe('cancelled');
    expect(invariant(done)).toBe(true);
    expect(done.counters.sent).toBeLessThan(EVENTS);
    expect(t.fake.accepted().length).toBeGreaterThanOrEqual(done.counters.sent);
  });

  it('stops at once while Snowflake is still running the query, before any row is read', async () => {
    const QUERY_DELAY_MS = 20_000;
    t.emulator.faults.delayNextQuery(QUERY_DELAY_MS);
    const sync = await fullSync();
    const { run, finished } = await t.env.core.engine.start(sync.id, 'manual');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const asked = Date.now();
    await t.env.core.handlers['runs.cancel']({ id: run.id });
    const done = await finished;
    t.emulator.faults.reset();
    // Not waiting for the query: the run ends long before Snowflake would have answered.
    expect(Date.now() - asked).toBeLessThan(QUERY_DELAY_MS / 2);
    expect(done.status).toBe('cancelled');
    expect(done.error).toMatchObject({ code: 'cancelled' });
    expect(done.counters).toMatchObject({ read: 0, sent: 0 });
  });
});
