import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/core/store';
import type { OutRecord } from '../../../electron/engine/delivery/batcher';
import type { BatchReceipt } from '../../../electron/engine/destinations/types';
import { emptyCounters } from '../../../electron/engine/job';
import { keptWarnings, MAX_WARNING_CHARS, MAX_WARNINGS } from '../../../electron/engine/state/run-batches-repository';
import { RunStore } from '../../../electron/engine/state/run-store';
import { connectionDraft, destinationDraft, syncDraft } from '../../helpers/fixtures';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

/** A real store file with one sync and one run of it, and that run's store. */
function setup(options: { readOnly?: boolean } = {}) {
  const file = path.join(tempDir(), 'floe.db');
  const store = openStore(file);
  const sync = store.syncs.create(syncDraft(store.connections.create(connectionDraft()).id, store.destinations.create(destinationDraft()).id));
  const run = store.runs.queue(sync.id, 'manual');
  const runStore = new RunStore(store.db, sync.id, run.id, { trackSnapshots: true, staged: false, readOnly: options.readOnly ?? false });
  return { file, store, run, runStore };
}

const record = (rowKey: string): OutRecord => ({ rowKey, idempotencyKey: rowKey, op: 'upsert', payload: {}, hash: `h-${rowKey}`, watermark: null, source: null, bytes: 10 });
const receipt = (over: Partial<BatchReceipt> = {}): BatchReceipt => ({ status: 200, receiptId: 'rcpt-1', records: 2, warnings: [], ...over });

describe('a run’s batch receipts', () => {
  it('are kept in commit order with the batch’s acknowledgements, and read back from the file after reopening', () => {
    const { file, store, run, runStore } = setup();
    runStore.commit({ acknowledged: [record('a'), record('b')], rejected: [], resolved: [], counters: { ...emptyCounters(), read: 2, sent: 2 }, receipts: [receipt({ receiptId: 'rcpt-1' })] });
    // A batch a 413 split: two requests, two receipts, one commit.
    const split = [receipt({ receiptId: 'rcpt-2', records: 1, warnings: ["property 'first name' renamed first_name"] }), receipt({ status: 202, receiptId: null, records: 1 })];
    runStore.commit({ acknowledged: [record('c'), record('d')], rejected: [], resolved: [], counters: { ...emptyCounters(), read: 4, sent: 4 }, receipts: split });
    runStore.commit({ acknowledged: [], rejected: [], resolved: [], counters: { ...emptyCounters(), read: 4, sent: 4 } });
    store.close();

    const reopened = openStore(file);
    expect(reopened.runBatches.of(run.id)).toEqual({
      summary: { batches: 3, byStatus: { '200': 2, '202': 1 } },
      receipts: [
        { seq: 1, status: 200, receiptId: 'rcpt-1', records: 2, warnings: [] },
        { seq: 2, status: 200, receiptId: 'rcpt-2', records: 1, warnings: ["property 'first name' renamed first_name"] },
        { seq: 3, status: 202, receiptId: null, records: 1, warnings: [] },
      ],
    });
    expect(reopened.runBatches.of(run.id, 1).receipts.map((r) => r.seq)).toEqual([1]);
    expect(reopened.runBatches.of(run.id, 1).summary.batches).toBe(3);
    expect(reopened.runs.get(run.id)?.counters.sent).toBe(4);
  });

  it('are not kept when the commit of their batch fails: the acknowledgements and the receipts go together', () => {
    const { store, run, runStore } = setup();
    // The commit's last write (the run's counters) fails, as a full disk would make it.
    store.db.exec("CREATE TEMP TRIGGER refuse BEFORE UPDATE ON runs BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(() => runStore.commit({ acknowledged: [record('a')], rejected: [], resolved: [], counters: { ...emptyCounters(), read: 1, sent: 1 }, receipts: [receipt()] })).toThrow(/disk full/);
    expect(store.runBatches.of(run.id)).toEqual({ summary: { batches: 0, byStatus: {} }, receipts: [] });
    expect(store.db.prepare('SELECT count(*) FROM snapshots').pluck().get()).toBe(0);
  });

  it('a dry run keeps none; deleting the run deletes them', () => {
    const dry = setup({ readOnly: true });
    dry.runStore.commit({ acknowledged: [], rejected: [], resolved: [], counters: emptyCounters(), receipts: [receipt()] });
    expect(dry.store.runBatches.summary(dry.run.id).batches).toBe(0);

    const { store, run, runStore } = setup();
    runStore.commit({ acknowledged: [], rejected: [], resolved: [], counters: emptyCounters(), receipts: [receipt()] });
    store.db.prepare('DELETE FROM runs WHERE id = ?').run(run.id);
    expect(store.db.prepare('SELECT count(*) FROM run_batches').pluck().get()).toBe(0);
  });

  it('keep the first 20 warnings of an answer, each at most 300 characters, and say how many were left out', () => {
    const many = Array.from({ length: 500 }, (_, i) => `warning ${i}: ${'x'.repeat(1000)}`);
    const kept = keptWarnings(many);
    expect(kept).toHaveLength(MAX_WARNINGS + 1);
    expect(kept.slice(0, MAX_WARNINGS).every((w) => w.length === MAX_WARNING_CHARS && w.endsWith('…'))).toBe(true);
    expect(kept[0]!.startsWith('warning 0: ')).toBe(true);
    expect(kept.at(-1)).toBe('…and 480 more warnings in this answer');
    expect(keptWarnings(['short', 'one'])).toEqual(['short', 'one']);
    expect(keptWarnings(Array(21).fill('w')).at(-1)).toBe('…and 1 more warning in this answer');

    const { store, run, runStore } = setup();
    runStore.commit({ acknowledged: [], rejected: [], resolved: [], counters: emptyCounters(), receipts: [receipt({ warnings: many })] });
    const text = store.db.prepare('SELECT warnings FROM run_batches WHERE run_id = ?').pluck().get(run.id) as string;
    expect(text.length).toBeLessThan((MAX_WARNINGS + 1) * (MAX_WARNING_CHARS + 10));
    expect(store.runBatches.list(run.id)[0]!.warnings).toEqual(kept);
  });
});
