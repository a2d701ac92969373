import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/ipc/dispatch';
import type { SyncDraft } from '../../../shared/schemas';
import { useEngineEnv } from './helpers';

// The sync editor dry-runs its draft before anything is saved (issue 13 §2): the same dry run
// as a saved sync's, checked like syncs.create, and nothing stored. And the live payload beside
// the mapping is a preview row mapped as a run maps it.
const ROWS = 200;
const t = useEngineEnv(ROWS);
const QUERY = 'SELECT EVENT_ID, EVENT_NAME, USER_ID, EVENT_TIMESTAMP FROM APP_EVENTS ORDER BY EVENT_ID';

const draft = (over: Partial<SyncDraft> = {}): SyncDraft => ({
  name: 'Draft of events',
  connectionId: t.env.connection.id,
  destinationId: t.env.destination.id,
  dataType: 'records',
  query: QUERY,
  strategy: 'diff',
  watermarkColumn: null,
  primaryKey: ['EVENT_ID'],
  mapping: { rules: [{ target: 'name', source: 'EVENT_NAME', type: 'string', required: true }], passThrough: false },
  schedule: { kind: 'manual' },
  rowLimit: 40_000_000,
  enabled: true,
  ...over,
});

const call = (channel: 'syncs.dryRunDraft' | 'syncs.mapRow', input: unknown) => dispatch(t.env.core.handlers, channel, input, t.env.core.log);
const count = (table: string) => t.env.core.store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('the dry run of an unsaved draft', () => {
  it('maps a sample and shows the exact request, saving nothing and sending nothing', async () => {
    const before = { syncs: count('syncs'), runs: count('runs'), state: count('sync_state'), snapshots: count('snapshots') };
    const answer = await call('syncs.dryRunDraft', { draft: draft(), sampleSize: 5 });
    expect(answer.ok).toBe(true);
    const result = answer.ok ? (answer.value as Awaited<ReturnType<(typeof t.env.core.handlers)['syncs.dryRunDraft']>>) : null;
    expect(result!.counts).toEqual({ read: 5, send: 5, unchanged: 0, rejected: 0 });
    expect(result!.rows[0]).toMatchObject({ status: 'send', key: 'evt_0000000000', payload: { name: expect.any(String) } });
    const body = JSON.parse(result!.requests[0]!.body) as Array<Record<string, unknown>>;
    expect(body).toHaveLength(5);
    expect(Object.keys(body[0]!).sort()).toEqual(['_floe_id', 'name']);
    expect(t.fake.stats().requests).toBe(0);
    expect({ syncs: count('syncs'), runs: count('runs'), state: count('sync_state'), snapshots: count('snapshots') }).toEqual(before);
  });

  it('is refused as syncs.create refuses it, at the field', async () => {
    const keyless = await call('syncs.dryRunDraft', { draft: draft({ primaryKey: [] }) });
    expect(keyless).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { 'draft.primaryKey': expect.stringContaining('need a primary key') } } });
    const gone = await call('syncs.dryRunDraft', { draft: draft({ destinationId: randomUUID() }) });
    expect(gone).toMatchObject({ ok: false, error: { code: 'destination_not_found' } });
    const type = await call('syncs.dryRunDraft', { draft: draft({ dataType: 'events' }) });
    expect(type).toMatchObject({ ok: false, error: { code: 'invalid_data_type', fields: { dataType: expect.any(String) } } });
    const unknownSync = await call('syncs.dryRunDraft', { draft: draft(), syncId: randomUUID() });
    expect(unknownSync).toMatchObject({ ok: false, error: { code: 'sync_not_found' } });
    expect(t.fake.stats().requests).toBe(0);
  });

  it('of a saved sync being edited reads its state: unchanged rows stay unchanged, and the saved sync and its state stay as they were', async () => {
    const saved = await t.env.sync(draft({ query: `${QUERY} LIMIT 20` }));
    const run = await t.env.run(saved.id);
    expect(run.counters).toMatchObject({ read: 20, sent: 20 });
    const snapshots = count('snapshots');
    const requests = t.fake.stats().requests;
    // The same mapping: nothing would be sent again.
    const same = await t.env.core.handlers['syncs.dryRunDraft']({ draft: draft({ query: `${QUERY} LIMIT 20` }), syncId: saved.id, sampleSize: 100 });
    expect(same.counts).toEqual({ read: 20, send: 0, unchanged: 20, rejected: 0 });
    // A changed mapping: every row would go again. As a new sync, the same draft has no state at all.
    const edited = draft({ query: `${QUERY} LIMIT 20`, mapping: { rules: [{ target: 'event', source: 'EVENT_NAME', type: 'string', required: true }], passThrough: false } });
    expect((await t.env.core.handlers['syncs.dryRunDraft']({ draft: edited, syncId: saved.id, sampleSize: 100 })).counts).toMatchObject({ send: 20, unchanged: 0 });
    expect((await t.env.core.handlers['syncs.dryRunDraft']({ draft: draft({ query: `${QUERY} LIMIT 20` }), sampleSize: 100 })).counts).toMatchObject({ send: 20, unchanged: 0 });
    expect(t.env.core.store.syncs.get(saved.id)).toEqual(saved);
    expect(count('snapshots')).toBe(snapshots);
    expect(t.env.core.store.runs.list({ syncId: saved.id })).toHaveLength(1);
    expect(t.fake.stats().requests).toBe(requests);
  });
});

describe('a preview row mapped as a run maps it', () => {
  const row = { EVENT_ID: 'evt_1', EVENT_NAME: 'signup', USER_ID: null, EVENT_TIMESTAMP: '2024-01-01T04:19:12.000Z' };

  it('gives the payload in the query’s order, or the reason a run would reject the row', async () => {
    const mapping = { rules: [{ target: 'kind', source: 'EVENT_NAME' }, { target: 'at', source: 'EVENT_TIMESTAMP', type: 'epoch-ms' }], passThrough: true };
    const answer = await call('syncs.mapRow', { row, mapping, destinationId: t.env.destination.id, dataType: 'records' });
    expect(answer).toEqual({ ok: true, value: { payload: { kind: 'signup', at: 1704082752000, event_id: 'evt_1', user_id: null }, reason: null } });
    expect(Object.keys((answer as { value: { payload: object } }).value.payload)).toEqual(['kind', 'at', 'event_id', 'user_id']);
    const required = await call('syncs.mapRow', { row, mapping: { rules: [{ target: 'user', source: 'USER_ID', required: true }] }, destinationId: t.env.destination.id, dataType: 'records' });
    expect(required).toEqual({ ok: true, value: { payload: null, reason: 'user is required but USER_ID is null' } });
  });

  it('with the destination’s own checks (Amplitude wants user_id or device_id)', async () => {
    const amplitude = await t.env.core.handlers['destinations.create']({ name: 'Amplitude', kind: 'amplitude', settings: {} });
    const mapping = { rules: [{ target: 'event_type', source: 'EVENT_NAME' }, { target: 'user_id', source: 'USER_ID' }], passThrough: false };
    const answer = await call('syncs.mapRow', { row, mapping, destinationId: amplitude.id, dataType: 'events' });
    expect(answer).toMatchObject({ ok: true, value: { payload: null, reason: expect.stringContaining('user_id or device_id is required') } });
    const gone = await call('syncs.mapRow', { row, mapping, destinationId: randomUUID(), dataType: 'events' });
    expect(gone).toMatchObject({ ok: false, error: { code: 'destination_not_found' } });
  });
});
