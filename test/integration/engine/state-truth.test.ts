import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Run } from '../../../shared/schemas';
import { invariant, useEngineEnv } from './helpers';

// The engine's state must never lie (issue: "state that never lies"). Each case here was found by
// using Floe as a user would, and each is checked against what the other side holds: the fake's
// stored records, the file on disk, the emulator's table.
const t = useEngineEnv(50);

const required = (target: string, source: string) => ({ rules: [{ target, source, type: 'string' as const, required: true }], passThrough: true });
const rejectedOf = (run: Run) => t.env.core.handlers['runs.rejected']({ runId: run.id, limit: 100 });
const openRejected = async (runs: Run[]) => (await Promise.all(runs.map(rejectedOf))).flat().filter((r) => r.resolvedBy === null);
const retry = async (run: Run) => {
  const started = await t.env.core.handlers['runs.retryRejected']({ runId: run.id });
  return (await t.env.core.engine.whenFinished(started.id))!;
};

describe('a diff sync whose row starts failing its mapping', () => {
  it('keeps the row: no delete is sent while the row still exists in Snowflake', async () => {
    await t.emulator.sql("CREATE OR REPLACE TABLE ST_PEOPLE AS SELECT * FROM (VALUES ('p1', 'a@x.io'), ('p2', 'b@x.io'), ('p3', 'c@x.io'), ('p4', 'd@x.io')) AS v(ID, EMAIL)");
    const sync = await t.env.sync({ strategy: 'diff', primaryKey: ['ID'], query: 'SELECT ID, EMAIL FROM ST_PEOPLE', mapping: required('email', 'EMAIL') });
    const first = await t.env.run(sync.id);
    expect(first.counters).toMatchObject({ read: 4, sent: 4 });

    t.fake.reset();
    await t.emulator.sql("UPDATE ST_PEOPLE SET EMAIL = NULL WHERE ID = 'p2'");
    const second = await t.env.run(sync.id);
    expect(second.counters).toMatchObject({ read: 4, sent: 0, rejected: 1, unchanged: 3, deleted: 0 });
    expect(t.fake.accepted()).toEqual([]);
    const third = await t.env.run(sync.id);
    expect(third.counters).toMatchObject({ read: 4, rejected: 1, unchanged: 3, deleted: 0 });
    expect(t.fake.accepted()).toEqual([]);
    // Rejected again by the third run: the second run's rejection is superseded, not left open.
    expect((await openRejected([second, third])).map((r) => r.rowKey)).toEqual(['p2']);

    await t.emulator.sql("UPDATE ST_PEOPLE SET EMAIL = 'b2@x.io' WHERE ID = 'p2'");
    const fourth = await t.env.run(sync.id);
    expect(fourth.counters).toMatchObject({ read: 4, sent: 1, rejected: 0, unchanged: 3, deleted: 0 });
    expect(t.fake.accepted().map((r) => [r.id, r.email])).toEqual([['p2', 'b2@x.io']]);
    expect(await openRejected([second, third, fourth])).toEqual([]);
    for (const run of [second, third, fourth]) expect(invariant(run)).toBe(true);
  });
});

describe('an incremental sync with a row that keeps failing', () => {
  it('rejects it once per run, not 1, 1, 2, 4 times', async () => {
    await t.emulator.sql(
      "CREATE OR REPLACE TABLE ST_EVENTS AS SELECT * FROM (VALUES ('e1', 'a', TIMESTAMP '2024-01-01 00:00:00'), ('e2', NULL, TIMESTAMP '2024-01-02 00:00:00'), ('e3', 'c', TIMESTAMP '2024-01-03 00:00:00')) AS v(ID, NAME, UPDATED_AT)",
    );
    const sync = await t.env.sync({ strategy: 'incremental', watermarkColumn: 'UPDATED_AT', primaryKey: ['ID'], query: 'SELECT ID, NAME, UPDATED_AT FROM ST_EVENTS', mapping: required('name', 'NAME') });
    const runs: Run[] = [];
    for (let i = 0; i < 4; i++) runs.push(await t.env.run(sync.id));
    expect(runs.map((r) => r.counters.rejected)).toEqual([1, 1, 1, 1]);
    expect(runs.map((r) => r.counters.read)).toEqual([3, 1, 1, 1]);
    expect((await openRejected(runs)).map((r) => r.rowKey)).toEqual(['e2']);
    expect(t.fake.accepted().map((r) => r.id)).toEqual(['e1', 'e3']);
    for (const run of runs) expect(invariant(run)).toBe(true);
  });
});

describe('retrying rejected rows', () => {
  it('does not advance {{last_sync_time}}: a row added before the retry is still sent by the next run', async () => {
    const ntz = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
    const pause = () => new Promise((r) => setTimeout(r, 20));
    await t.emulator.sql('CREATE OR REPLACE TABLE ST_LOADS (ID STRING, NAME STRING, LOADED_AT TIMESTAMP_NTZ)');
    await t.emulator.sql("INSERT INTO ST_LOADS VALUES ('l1', 'a', '2001-01-01 00:00:00'), ('l2', NULL, '2001-01-01 00:00:00')");
    const sync = await t.env.sync({
      strategy: 'incremental',
      primaryKey: ['ID'],
      query: 'SELECT ID, NAME, LOADED_AT FROM ST_LOADS WHERE LOADED_AT > TO_TIMESTAMP_NTZ({{last_sync_time}})',
      mapping: required('name', 'NAME'),
    });
    const first = await t.env.run(sync.id);
    expect(first.counters).toMatchObject({ read: 2, sent: 1, rejected: 1 });
    await pause();
    await t.emulator.sql(`INSERT INTO ST_LOADS VALUES ('l3', 'c', '${ntz(new Date())}')`);
    await pause();
    t.fake.reset();
    const retried = await retry(first);
    expect(retried.counters).toMatchObject({ read: 1, sent: 0, rejected: 1 });
    const next = await t.env.run(sync.id);
    expect(t.fake.accepted().map((r) => r.id)).toEqual(['l3']);
    expect(next.counters).toMatchObject({ read: 2, sent: 1, rejected: 1 });
    expect((await openRejected([first, retried, next])).map((r) => r.rowKey)).toEqual(['l2']);
  });

  it('does not rewrite a column watermark: the next run reads nothing old', async () => {
    await t.emulator.sql(
      "CREATE OR REPLACE TABLE ST_ORDERS AS SELECT * FROM (VALUES ('o1', NULL, TIMESTAMP '2024-01-01 00:00:00'), ('o2', 'b', TIMESTAMP '2024-02-01 00:00:00'), ('o3', 'c', TIMESTAMP '2024-03-01 00:00:00')) AS v(ID, NAME, UPDATED_AT)",
    );
    const sync = await t.env.sync({ strategy: 'incremental', watermarkColumn: 'UPDATED_AT', primaryKey: ['ID'], query: 'SELECT ID, NAME, UPDATED_AT FROM ST_ORDERS', mapping: required('name', 'NAME') });
    const first = await t.env.run(sync.id);
    expect(first.counters).toMatchObject({ read: 3, sent: 2, rejected: 1 });
    // The user relaxes the mapping and retries: the old row is delivered, the watermark stays at March.
    await t.env.core.handlers['syncs.update']({ id: sync.id, draft: { ...sync, mapping: { rules: [], passThrough: true } } });
    t.fake.reset();
    const retried = await retry(first);
    expect(retried.counters).toMatchObject({ read: 1, sent: 1, rejected: 0 });
    expect(t.fake.accepted().map((r) => r.id)).toEqual(['o1']);
    t.fake.reset();
    const next = await t.env.run(sync.id);
    expect(next.counters).toMatchObject({ read: 0, sent: 0 });
    expect(t.fake.accepted()).toEqual([]);
  });
});

describe('re-offered rows and the watermark', () => {
  it('a re-offered old row never pulls the watermark backwards', async () => {
    await t.emulator.sql(
      "CREATE OR REPLACE TABLE ST_ITEMS AS SELECT * FROM (VALUES ('i1', NULL, TIMESTAMP '2024-01-01 00:00:00'), ('i2', 'b', TIMESTAMP '2024-02-01 00:00:00'), ('i3', 'c', TIMESTAMP '2024-03-01 00:00:00')) AS v(ID, NAME, UPDATED_AT)",
    );
    const sync = await t.env.sync({ strategy: 'incremental', watermarkColumn: 'UPDATED_AT', primaryKey: ['ID'], query: 'SELECT ID, NAME, UPDATED_AT FROM ST_ITEMS', mapping: required('name', 'NAME') });
    expect((await t.env.run(sync.id)).counters).toMatchObject({ sent: 2, rejected: 1 });
    await t.env.core.handlers['syncs.update']({ id: sync.id, draft: { ...sync, mapping: { rules: [], passThrough: true } } });
    t.fake.reset();
    const second = await t.env.run(sync.id);
    expect(second.counters).toMatchObject({ read: 1, sent: 1, rejected: 0 });
    expect(t.fake.accepted().map((r) => r.id)).toEqual(['i1']);
    t.fake.reset();
    const third = await t.env.run(sync.id);
    expect(third.counters).toMatchObject({ read: 0, sent: 0 });
    expect(t.fake.accepted()).toEqual([]);
  });
});

describe('the file destination', () => {
  async function fileSync(directory: string, draft: Record<string, unknown>) {
    const destination = await t.env.core.handlers['destinations.create']({ name: `File ${Date.now()}`, kind: 'file', settings: { directory, format: 'ndjson', prefix: 'st' } });
    return t.env.sync({ destinationId: destination.id, ...draft });
  }
  const written = (directory: string) =>
    fs
      .readdirSync(directory)
      .filter((f) => !f.startsWith('.'))
      .flatMap((f) => fs.readFileSync(path.join(directory, f), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));

  it('counts nothing as sent when the run fails before the file is complete', async () => {
    const directory = t.tempDir();
    await t.emulator.sql('CREATE OR REPLACE TABLE ST_MANY AS SELECT RANGE AS N FROM RANGE(6000)');
    const sync = await fileSync(directory, { strategy: 'full', primaryKey: [], query: 'SELECT N FROM ST_MANY', rowLimit: 5500 });
    const run = await t.env.run(sync.id);
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('row_limit');
    expect(written(directory)).toEqual([]);
    expect(run.counters.sent).toBe(0);
    expect(run.counters.skipped).toBe(run.counters.read);
    expect(invariant(run)).toBe(true);
  });

  it('keeps a re-offered rejection open until the file holding its row exists', async () => {
    const directory = t.tempDir();
    await t.emulator.sql(
      "CREATE OR REPLACE TABLE ST_FILE_ROWS AS SELECT * FROM (VALUES ('f1', NULL, TIMESTAMP '2024-01-01 00:00:00'), ('f2', 'b', TIMESTAMP '2024-02-01 00:00:00')) AS v(ID, NAME, UPDATED_AT)",
    );
    const sync = await fileSync(directory, { strategy: 'incremental', watermarkColumn: 'UPDATED_AT', primaryKey: ['ID'], query: 'SELECT ID, NAME, UPDATED_AT FROM ST_FILE_ROWS', mapping: required('name', 'NAME') });
    const first = await t.env.run(sync.id);
    expect(first.counters).toMatchObject({ sent: 1, rejected: 1 });
    // The mapping is fixed, but this run fails (the new rows pass its row limit) before its file is complete.
    await t.emulator.sql("INSERT INTO ST_FILE_ROWS VALUES ('f3', 'c', '2024-03-01 00:00:00'), ('f4', 'd', '2024-04-01 00:00:00')");
    await t.env.core.handlers['syncs.update']({ id: sync.id, draft: { ...sync, mapping: { rules: [], passThrough: true }, rowLimit: 1 } });
    const failed = await t.env.run(sync.id);
    expect(failed.status).toBe('failed');
    expect((await openRejected([first])).map((r) => r.rowKey)).toEqual(['f1']);
    await t.env.core.handlers['syncs.update']({ id: sync.id, draft: { ...sync, mapping: { rules: [], passThrough: true } } });
    const fixed = await t.env.run(sync.id);
    expect(fixed.status).toBe('succeeded');
    expect(written(directory).map((r) => r.id).sort()).toEqual(['f1', 'f2', 'f3', 'f4']);
    expect(await openRejected([first, failed, fixed])).toEqual([]);
  });
});

describe('the run record', () => {
  it('counts as sent only what the endpoint acknowledged, and the next run delivers the rest once', async () => {
    await t.emulator.sql('CREATE OR REPLACE TABLE ST_SLOW AS SELECT RANGE AS N FROM RANGE(3000)');
    const sync = await t.env.sync({ strategy: 'full', primaryKey: ['N'], query: 'SELECT N FROM ST_SLOW' });
    t.fake.faults.delay(1_000, 150);
    const { run, finished } = await t.env.core.engine.start(sync.id, 'manual');
    for (let i = 0; i < 200 && t.fake.accepted().length < 400; i++) await new Promise((r) => setTimeout(r, 25));
    await t.env.core.engine.cancel(run.id);
    const done = await finished;
    expect(done.status).toBe('cancelled');
    const stored = new Set(t.fake.accepted().map((r) => String(r.n)));
    // Cancelling aborts the batches in flight. A batch the endpoint stored but whose answer the
    // run never read is not counted sent: it is skipped, and sent again (idempotently) next run.
    expect(done.counters.sent).toBeGreaterThan(0);
    expect(done.counters.sent).toBeLessThanOrEqual(stored.size);
    expect(stored.size).toBeLessThanOrEqual(done.counters.sent + done.counters.skipped);
    expect(done.counters.skipped).toBeGreaterThan(0);
    expect(invariant(done)).toBe(true);
    t.fake.faults.reset();
    const next = await t.env.run(sync.id);
    expect(next.status).toBe('succeeded');
    expect(next.counters.sent).toBe(3000);
    // Every row arrived, each once: the endpoint deduplicated the re-sent ones by their id.
    const ids = t.fake.accepted().map((r) => String(r.n));
    expect(new Set(ids).size).toBe(3000);
    expect(ids).toHaveLength(3000);
  });
});
