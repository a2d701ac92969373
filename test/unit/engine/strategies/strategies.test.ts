import { describe, expect, it } from 'vitest';
import type { Sync } from '../../../../shared/schemas';
import { strategyFor, PlanError, type RowFacts, type Strategy } from '../../../../electron/engine/strategies';
import { diff } from '../../../../electron/engine/strategies/diff';
import { full } from '../../../../electron/engine/strategies/full';
import { incrementalByColumn } from '../../../../electron/engine/strategies/incremental-by-column';
import { incrementalByTime } from '../../../../electron/engine/strategies/incremental-by-time';

const sync = (over: Partial<Sync>): Sync =>
  ({ id: 's1', query: 'SELECT ID, UPDATED_AT FROM T', strategy: 'full', watermarkColumn: null, primaryKey: ['ID'], ...over }) as Sync;
const row = (over: Partial<RowFacts>): RowFacts => ({ key: 'k1', reason: null, duplicate: false, digest: 'd1', snapshot: undefined, ...over });
const EPOCH = '1970-01-01T00:00:00.000Z';
const byColumn = incrementalByColumn('UPDATED_AT');

describe('which strategy a sync runs with', () => {
  it.each([
    [{ strategy: 'full' as const }, 'full'],
    [{ strategy: 'incremental' as const }, 'incremental by {{last_sync_time}}'],
    [{ strategy: 'incremental' as const, watermarkColumn: 'UPDATED_AT' }, 'incremental by UPDATED_AT'],
    [{ strategy: 'diff' as const }, 'diff'],
  ])('%o → %s', (s, name) => {
    expect(strategyFor(sync(s))?.name).toBe(name);
  });

  it('has none yet for CDC', () => {
    expect(strategyFor(sync({ strategy: 'cdc-append' }))).toBeNull();
    expect(strategyFor(sync({ strategy: 'cdc-mirror' }))).toBeNull();
  });
});

describe('plans', () => {
  it.each<[string, Strategy, Partial<Sync>, { watermark: string | null; lastSuccessStartedAt: string | null }, { sql: string; binds: unknown[] }]>([
    ['full binds the epoch before any run', full, { query: 'SELECT * FROM T WHERE U > {{last_sync_time}}' }, { watermark: null, lastSuccessStartedAt: null }, { sql: 'SELECT * FROM T WHERE U > ?', binds: [EPOCH] }],
    ['by time binds the last successful start', incrementalByTime, { query: 'SELECT * FROM T WHERE U > {{ last_sync_time }}' }, { watermark: null, lastSuccessStartedAt: '2026-01-01T00:00:00.000Z' }, { sql: 'SELECT * FROM T WHERE U > ?', binds: ['2026-01-01T00:00:00.000Z'] }],
    ['diff with no template binds nothing', diff, { query: 'SELECT * FROM T' }, { watermark: null, lastSuccessStartedAt: '2026-01-01T00:00:00.000Z' }, { sql: 'SELECT * FROM T', binds: [] }],
    ['by column reads everything, ordered, before a watermark', byColumn, { query: 'SELECT * FROM T;' }, { watermark: null, lastSuccessStartedAt: null }, { sql: 'SELECT * FROM (SELECT * FROM T) AS floe_source ORDER BY floe_source.UPDATED_AT', binds: [] }],
    ['by column reads rows after an NTZ watermark', byColumn, { query: 'SELECT * FROM T' }, { watermark: 'ntz|2026-01-01T00:00:00.000Z', lastSuccessStartedAt: null }, { sql: 'SELECT * FROM (SELECT * FROM T) AS floe_source WHERE floe_source.UPDATED_AT > TO_TIMESTAMP_NTZ(?) ORDER BY floe_source.UPDATED_AT', binds: ['2026-01-01T00:00:00.000Z'] }],
    ['by column casts a TZ watermark as TZ', byColumn, { query: 'SELECT * FROM T' }, { watermark: 'tz|2026-01-01T00:00:00.000Z', lastSuccessStartedAt: null }, { sql: 'SELECT * FROM (SELECT * FROM T) AS floe_source WHERE floe_source.UPDATED_AT > TO_TIMESTAMP_TZ(?) ORDER BY floe_source.UPDATED_AT', binds: ['2026-01-01T00:00:00.000Z'] }],
  ])('%s', (_name, strategy, s, state, plan) => {
    expect(strategy.plan(sync(s), state)).toEqual(plan);
  });

  it('refuses a template value it does not know', () => {
    expect(() => full.plan(sync({ query: 'SELECT {{next_sync_time}}' }), { watermark: null, lastSuccessStartedAt: null })).toThrow(PlanError);
  });
});

describe('verdicts', () => {
  it.each<[string, Strategy, RowFacts, string]>([
    ['full sends a mapped row', full, row({}), 'send'],
    ['full rejects a row it could not map', full, row({ reason: 'email is required' }), 'reject:email is required'],
    ['full does not judge snapshots', full, row({ snapshot: 'd1' }), 'send'],
    ['by time sends', incrementalByTime, row({}), 'send'],
    ['by column rejects with the reason', byColumn, row({ reason: 'bad' }), 'reject:bad'],
    ['diff sends a new row', diff, row({ snapshot: undefined }), 'send'],
    ['diff sends a changed row', diff, row({ snapshot: 'd0' }), 'send'],
    ['diff keeps an unchanged row', diff, row({ snapshot: 'd1' }), 'unchanged'],
    ['diff rejects a duplicate key, naming it', diff, row({ duplicate: true }), 'reject:duplicate primary key: another row of this result has ID = k1'],
    // A row that fails its mapping is rejected, never taken for unchanged or removed.
    ['diff rejects a row that failed its mapping even if a snapshot exists', diff, row({ reason: 'email is required', digest: null, snapshot: 'd1' }), 'reject:email is required'],
  ])('%s', (_name, strategy, facts, expected) => {
    const v = strategy.verdict(facts, ['ID']);
    expect(v.verdict === 'reject' ? `reject:${v.reason}` : v.verdict).toBe(expected);
  });
});

describe('what a complete run advances', () => {
  const run = { startedAt: '2026-02-01T00:00:00.000Z', maxWatermark: 'ntz|2026-01-31T00:00:00.000Z' };
  it.each<[string, Strategy, object]>([
    ['full: the last successful start', full, { lastSuccessStartedAt: run.startedAt }],
    ['by time: the last successful start', incrementalByTime, { lastSuccessStartedAt: run.startedAt }],
    ['diff: the last successful start', diff, { lastSuccessStartedAt: run.startedAt }],
    ['by column: the largest watermark the query returned', byColumn, { lastSuccessStartedAt: run.startedAt, watermark: run.maxWatermark }],
  ])('%s', (_name, strategy, advance) => {
    expect(strategy.advance(run)).toEqual(advance);
  });

  it('by column: a run whose query returned nothing (only re-offered rows) leaves the watermark alone', () => {
    expect(byColumn.advance({ startedAt: run.startedAt, maxWatermark: null })).toEqual({ lastSuccessStartedAt: run.startedAt });
  });

  it.each<[string, Strategy, boolean, boolean, boolean]>([
    ['full', full, true, false, false],
    ['by time', incrementalByTime, false, false, false],
    ['by column', byColumn, false, false, false],
    ['diff', diff, true, true, true],
  ])('%s: reads everything: %s, tracks snapshots: %s, sends deletes: %s', (_name, strategy, readsEverything, tracksSnapshots, sendsDeletes) => {
    expect({ readsEverything: strategy.readsEverything, tracksSnapshots: strategy.tracksSnapshots, sendsDeletes: strategy.sendsDeletes }).toEqual({ readsEverything, tracksSnapshots, sendsDeletes });
  });
});
