import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/core/store';
import type { OutRecord } from '../../../electron/engine/delivery/batcher';
import { RunStore } from '../../../electron/engine/state/run-store';
import { emptyCounters } from '../../../electron/engine/job';
import { connectionDraft, destinationDraft, syncDraft } from '../../helpers/fixtures';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

/** A real store file with one sync, and a run store for a new run of it. */
function setup(options: { trackSnapshots?: boolean; staged?: boolean; readOnly?: boolean } = {}) {
  const store = openStore(path.join(tempDir(), 'floe.db'));
  const connection = store.connections.create(connectionDraft());
  const destination = store.destinations.create(destinationDraft());
  const sync = store.syncs.create(syncDraft(connection.id, destination.id));
  const open = (o = options) => {
    // Runs of a sync follow each other (the lease allows one open run): an earlier one left open ended.
    const earlier = store.runs.openRun(sync.id);
    if (earlier) store.runs.finish(earlier.id, 'succeeded');
    const run = store.runs.queue(sync.id, 'manual');
    return { run, runStore: new RunStore(store.db, sync.id, run.id, { trackSnapshots: false, staged: false, readOnly: false, ...o }) };
  };
  const openRejections = () => store.db.prepare('SELECT row_key FROM rejected_rows WHERE resolved_by IS NULL ORDER BY id').pluck().all();
  return { store, sync, open, openRejections };
}

const record = (rowKey: string, hash = `h-${rowKey}`): OutRecord => ({ rowKey, idempotencyKey: hash, op: 'upsert', payload: {}, hash, watermark: null, source: null, bytes: 10 });
const rejection = (rowKey: string, supersedes?: number[]) => ({ rowKey, reason: 'email is required', destinationMessage: null, retryable: false, source: { ID: rowKey }, supersedes });
const change = (over: Partial<Parameters<RunStore['commit']>[0]>) => ({ acknowledged: [], rejected: [], resolved: [], counters: emptyCounters(), ...over });

const [T1, T2, T3] = ['2026-12-01T09:00:00.000Z', '2026-12-01T10:00:00.000Z', '2026-12-01T11:00:00.000Z'];

describe('the run store', () => {
  it('marks a rejected row seen: a key that still exists is never taken for removed', () => {
    const { open } = setup({ trackSnapshots: true });
    const first = open().runStore;
    first.triage(['a', 'b']);
    first.commit(change({ acknowledged: [record('a'), record('b')] }));
    const second = open().runStore;
    // b is returned again but fails its mapping: it has a key, so it is seen.
    const { duplicate, snapshots } = second.triage(['a', 'b', 'a']);
    expect([...duplicate]).toEqual([0, 0, 1]);
    expect(snapshots.slice(0, 2)).toEqual(['h-a', 'h-b']);
    expect([...second.removedKeys(T1)]).toEqual([]);
    const third = open().runStore;
    third.triage(['a']);
    expect([...third.removedKeys(T1)]).toEqual([{ rowKey: 'b', hash: 'h-b', goneSince: T1 }]);
  });

  it('remembers when a row was first found gone, so a delete sent again carries the same time; a row back forgets it', () => {
    const { open } = setup({ trackSnapshots: true });
    const first = open().runStore;
    first.triage(['a', 'b']);
    first.commit(change({ acknowledged: [record('a'), record('b')] }));
    // b is gone; the run that found it crashed before its delete was acknowledged.
    const crashed = open().runStore;
    crashed.triage(['a']);
    expect([...crashed.removedKeys(T1)]).toEqual([{ rowKey: 'b', hash: 'h-b', goneSince: T1 }]);
    const rerun = open().runStore;
    rerun.triage(['a']);
    expect([...rerun.removedKeys(T2)]).toEqual([{ rowKey: 'b', hash: 'h-b', goneSince: T1 }]);
    // b comes back unchanged (not re-sent, so its snapshot is not rewritten), then goes again.
    const back = open().runStore;
    back.triage(['a', 'b']);
    expect([...back.removedKeys(T2)]).toEqual([]);
    const goneAgain = open().runStore;
    goneAgain.triage(['a']);
    expect([...goneAgain.removedKeys(T3)]).toEqual([{ rowKey: 'b', hash: 'h-b', goneSince: T3 }]);
  });

  it('resolves the rejection a new one replaces, in the same commit', () => {
    const { open, openRejections, store } = setup();
    open().runStore.commit(change({ rejected: [rejection('x')] }));
    const [old] = store.db.prepare('SELECT id FROM rejected_rows').pluck().all() as number[];
    const { runStore, run } = open();
    runStore.commit(change({ rejected: [rejection('x', [old!])] }));
    expect(openRejections()).toEqual(['x']);
    expect(store.db.prepare('SELECT resolved_by FROM rejected_rows WHERE id = ?').pluck().get(old)).toBe(run.id);
  });

  it('keeps resolutions and snapshots of a staged destination back until it has finished', () => {
    const { open, openRejections, store } = setup({ trackSnapshots: true, staged: true });
    open({ staged: false, trackSnapshots: false, readOnly: false }).runStore.commit(change({ rejected: [rejection('f1')] }));
    const [id] = store.db.prepare('SELECT id FROM rejected_rows').pluck().all() as number[];
    const abandoned = open().runStore;
    abandoned.commit(change({ acknowledged: [record('f1')], resolved: [id!] }));
    // Written to a partial file, not delivered: the rejection stays open, no snapshot is kept.
    expect(openRejections()).toEqual(['f1']);
    expect(store.db.prepare('SELECT count(*) FROM snapshots').pluck().get()).toBe(0);
    const finished = open().runStore;
    finished.commit(change({ acknowledged: [record('f1')], resolved: [id!] }));
    finished.commitStaged({ ...emptyCounters(), read: 1, sent: 1 });
    expect(openRejections()).toEqual([]);
    expect(store.db.prepare('SELECT row_hash FROM snapshots').pluck().all()).toEqual(['h-f1']);
  });

  it('moves the watermark forward only', () => {
    const { open, store, sync } = setup();
    const watermark = () => store.db.prepare('SELECT watermark FROM sync_state WHERE sync_id = ?').pluck().get(sync.id);
    open().runStore.commit(change({ watermark: 'ntz|2024-03-01T00:00:00.000Z' }));
    expect(watermark()).toBe('ntz|2024-03-01T00:00:00.000Z');
    const { runStore } = open();
    runStore.commit(change({ watermark: 'ntz|2024-01-01T00:00:00.000Z' }));
    runStore.finish('succeeded', emptyCounters(), null, { state: { watermark: 'ntz|2024-02-01T00:00:00.000Z', lastSuccessStartedAt: '2026-01-01T00:00:00.000Z' }, resolveEarlierRejections: false });
    expect(watermark()).toBe('ntz|2024-03-01T00:00:00.000Z');
    open().runStore.commit(change({ watermark: 'ntz|2024-04-01T00:00:00.000Z' }));
    expect(watermark()).toBe('ntz|2024-04-01T00:00:00.000Z');
  });

  it('read-only (a dry run) looks things up and writes nothing', () => {
    const { open, store } = setup({ trackSnapshots: true, readOnly: true });
    const { runStore, run } = open();
    runStore.start();
    runStore.commit(change({ acknowledged: [record('a')], rejected: [rejection('b')], watermark: 'ntz|2024-03-01T00:00:00.000Z' }));
    runStore.finish('succeeded', { ...emptyCounters(), read: 2 }, null, { state: { lastSuccessStartedAt: '2026-01-01T00:00:00.000Z' }, resolveEarlierRejections: true });
    for (const table of ['snapshots', 'rejected_rows', 'sync_state']) expect(store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    expect(store.runs.get(run.id)).toMatchObject({ status: 'queued', counters: { read: 0 } });
  });

  it('a complete run that reads everything resolves the earlier rejections it did not see again', () => {
    const { open, openRejections } = setup();
    open().runStore.commit(change({ rejected: [rejection('gone')] }));
    const { runStore } = open();
    runStore.commit(change({ rejected: [rejection('still-bad')] }));
    runStore.finish('partially_succeeded', emptyCounters(), null, { state: {}, resolveEarlierRejections: true });
    expect(openRejections()).toEqual(['still-bad']);
  });
});
