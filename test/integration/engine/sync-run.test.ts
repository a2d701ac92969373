import { describe, expect, it } from 'vitest';
import { seedSizes } from '../../emulators/snowflake';
import { invariant, useEngineEnv } from './helpers';

const ROWS = 2_000;
const t = useEngineEnv(ROWS);

const ids = () => t.fake.accepted().map((r) => r._floe_id as string);

describe('a full sync to the HTTP endpoint', () => {
  it('sends every row once, with counters matching what the endpoint received', async () => {
    const sync = await t.env.sync({ strategy: 'full' });
    const run = await t.env.run(sync.id);
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(run.counters).toMatchObject({ read: seedSizes(ROWS).events, sent: seedSizes(ROWS).events, rejected: 0, unchanged: 0, skipped: 0 });
    expect(invariant(run)).toBe(true);
    expect(t.fake.accepted()).toHaveLength(run.counters.sent);
    expect(new Set(ids()).size).toBe(run.counters.sent);
    const first = t.fake.accepted().find((r) => r.event_id === 'evt_0000000000')!;
    expect(first).toMatchObject({ event_name: 'app_open', user_id: 'user_0000000', event_timestamp: '2024-01-01T00:00:00.000Z' });
    expect(typeof first.properties).toBe('object');
    expect(run.queryId).toBeTruthy();
  });
});

describe('diff: changed rows only, removed keys as deletes', () => {
  it('sends all rows first, then exactly the changed and removed ones', async () => {
    await t.emulator.sql('CREATE OR REPLACE TABLE DIFF_USERS AS SELECT USER_ID, EMAIL, PLAN FROM USERS');
    const sync = await t.env.sync({ strategy: 'diff', primaryKey: ['USER_ID'], query: 'SELECT USER_ID, EMAIL, PLAN FROM DIFF_USERS' });
    const total = seedSizes(ROWS).users;
    const first = await t.env.run(sync.id);
    expect(first.counters).toMatchObject({ read: total, sent: total, unchanged: 0, deleted: 0 });

    t.fake.reset();
    await t.emulator.sql("UPDATE DIFF_USERS SET PLAN = 'changed-by-test' WHERE USER_ID IN ('user_0000001', 'user_0000002', 'user_0000003')");
    await t.emulator.sql("DELETE FROM DIFF_USERS WHERE USER_ID = 'user_0000004'");
    const second = await t.env.run(sync.id);
    expect(second.status).toBe('succeeded');
    expect(second.counters).toMatchObject({ read: total - 1, sent: 3, unchanged: total - 4, deleted: 1, rejected: 0 });
    expect(invariant(second)).toBe(true);
    const received = t.fake.accepted();
    expect(received.filter((r) => r._floe_op !== 'delete').map((r) => r.user_id).sort()).toEqual(['user_0000001', 'user_0000002', 'user_0000003']);
    expect(received.filter((r) => r._floe_op === 'delete').map((r) => r._floe_key)).toEqual(['user_0000004']);

    t.fake.reset();
    const third = await t.env.run(sync.id);
    expect(third.counters).toMatchObject({ sent: 0, unchanged: total - 1, deleted: 0 });
    expect(t.fake.accepted()).toHaveLength(0);
  });

  it('reports duplicate primary keys instead of collapsing them', async () => {
    const sync = await t.env.sync({
      strategy: 'diff',
      primaryKey: ['K'],
      query: "SELECT 'a' AS K, 1 AS V UNION ALL SELECT 'a' AS K, 2 AS V UNION ALL SELECT 'b' AS K, 3 AS V",
    });
    const run = await t.env.run(sync.id);
    expect(run.status).toBe('partially_succeeded');
    expect(run.counters).toMatchObject({ read: 3, sent: 2, rejected: 1 });
    const rejected = await t.env.core.handlers['runs.rejected']({ runId: run.id, limit: 10 });
    expect(rejected).toEqual([expect.objectContaining({ rowKey: 'a', reason: expect.stringMatching(/duplicate primary key/) })]);
  });
});

describe('incremental', () => {
  it('by a timestamp column sends only rows newer than the acknowledged maximum', async () => {
    await t.emulator.sql('CREATE OR REPLACE TABLE INC_EVENTS AS SELECT EVENT_ID, EVENT_NAME, UPDATED_AT FROM APP_EVENTS');
    const sync = await t.env.sync({ strategy: 'incremental', watermarkColumn: 'UPDATED_AT', query: 'SELECT EVENT_ID, EVENT_NAME, UPDATED_AT FROM INC_EVENTS' });
    const first = await t.env.run(sync.id);
    expect(first.counters.sent).toBe(seedSizes(ROWS).events);

    t.fake.reset();
    await t.emulator.sql("INSERT INTO INC_EVENTS VALUES ('evt_new_1', 'purchase', '2030-01-01 00:00:00'), ('evt_new_2', 'purchase', '2030-01-02 00:00:00')");
    const second = await t.env.run(sync.id);
    expect(second.counters).toMatchObject({ read: 2, sent: 2 });
    expect(t.fake.accepted().map((r) => r.event_id)).toEqual(['evt_new_1', 'evt_new_2']);

    t.fake.reset();
    const third = await t.env.run(sync.id);
    expect(third.counters).toMatchObject({ read: 0, sent: 0 });
  });

  it('by {{last_sync_time}} binds the start of the last successful run', async () => {
    await t.emulator.sql('CREATE OR REPLACE TABLE LST_EVENTS (EVENT_ID STRING, LOADED_AT TIMESTAMP_NTZ)');
    await t.emulator.sql("INSERT INTO LST_EVENTS VALUES ('old', '2000-01-01 00:00:00')");
    const sync = await t.env.sync({ strategy: 'incremental', query: 'SELECT EVENT_ID, LOADED_AT FROM LST_EVENTS WHERE LOADED_AT > TO_TIMESTAMP_NTZ({{last_sync_time}})' });
    expect((await t.env.run(sync.id)).counters.sent).toBe(1);
    t.fake.reset();
    await t.emulator.sql("INSERT INTO LST_EVENTS VALUES ('new', '2099-01-01 00:00:00')");
    const second = await t.env.run(sync.id);
    expect(second.counters).toMatchObject({ read: 1, sent: 1 });
    expect(t.fake.accepted().map((r) => r.event_id)).toEqual(['new']);
  });
});
