import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/core/store';
import type { OutRecord } from '../../../electron/engine/delivery/batcher';
import { deliverBatch } from '../../../electron/engine/delivery/deliver';
import { SharedRateLimiter } from '../../../electron/engine/delivery/rate-limiter';
import { DeliveryError, type DeliveryLimits, type Sent, type Session } from '../../../electron/engine/destinations/types';
import { emptyCounters } from '../../../electron/engine/job';
import { Pipeline } from '../../../electron/engine/pipeline';
import { RunStore } from '../../../electron/engine/state/run-store';
import { connectionDraft, destinationDraft, syncDraft } from '../../helpers/fixtures';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

const LIMITS: DeliveryLimits = { maxRecords: 2, maxBytes: 1_000_000, concurrency: 3, timeoutMs: null, ratePerSecond: null, maxAttempts: 3 };
const limiter = () => new SharedRateLimiter(SharedRateLimiter.createBuffer(), null);
const record = (rowKey: string): OutRecord => ({ rowKey, idempotencyKey: rowKey, op: 'upsert', payload: {}, hash: `h-${rowKey}`, watermark: null, source: null, bytes: 10 });
const signal = new AbortController().signal;

/** A session answering each batch, by its first row key, with what `answers` says, when the test lets it. */
function scriptedSession(answers: Record<string, (batch: OutRecord[]) => Sent | Error>) {
  const gates = new Map<string, () => void>();
  const session: Session = {
    send: async (batch) => {
      const key = batch[0]!.rowKey;
      await new Promise<void>((resolve) => gates.set(key, resolve));
      const answer = answers[key]!(batch);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    finish: async () => ({ location: null }),
    abort: async () => undefined,
  };
  /** Lets the batch starting at `key` be answered, once it has been sent. */
  const release = async (key: string) => {
    while (!gates.has(key)) await new Promise((r) => setImmediate(r));
    gates.get(key)!();
  };
  return { session, release };
}

const accepted = (batch: OutRecord[]) => batch.map(() => ({ status: 'accepted' as const }));

describe('deliverBatch', () => {
  it('passes the session’s maybeDuplicated and receipts through, and says 0 and none when the session is silent', async () => {
    const receipts = [{ status: 200, receiptId: 'r-1', records: 2, warnings: ['renamed'] }];
    const talkative: Session = { send: async (batch) => ({ results: accepted(batch), bytes: 5, maybeDuplicated: 2, receipts }), finish: async () => ({ location: null }), abort: async () => undefined };
    const silent: Session = { ...talkative, send: async (batch) => ({ results: accepted(batch), bytes: 5 }) };
    const batch = [record('a'), record('b')];
    expect(await deliverBatch(talkative, batch, LIMITS, limiter(), signal)).toMatchObject({ maybeDuplicated: 2, receipts, attempts: 1 });
    expect(await deliverBatch(silent, batch, LIMITS, limiter(), signal)).toMatchObject({ maybeDuplicated: 0, receipts: [], attempts: 1 });
  });

  it('a batch that gave up has no receipts and nothing possibly duplicated', async () => {
    const refusing: Session = { send: async () => Promise.reject(new DeliveryError('HTTP 400', false, 400)), finish: async () => ({ location: null }), abort: async () => undefined };
    expect(await deliverBatch(refusing, [record('a')], LIMITS, limiter(), signal)).toMatchObject({ maybeDuplicated: 0, receipts: [] });
  });
});

describe('the pipeline', () => {
  it('adds each batch’s maybeDuplicated to the run’s counters and stores its receipts in commit order, whatever order the answers came in', async () => {
    const store = openStore(path.join(tempDir(), 'floe.db'));
    const sync = store.syncs.create(syncDraft(store.connections.create(connectionDraft()).id, store.destinations.create(destinationDraft()).id));
    const run = store.runs.queue(sync.id, 'manual');
    const runStore = new RunStore(store.db, sync.id, run.id, { trackSnapshots: false, staged: false, readOnly: false });
    const receipt = (receiptId: string, records = 2) => ({ status: 200, receiptId, records, warnings: [] });
    const { session, release } = scriptedSession({
      a: (batch) => ({ results: accepted(batch), bytes: 10, maybeDuplicated: 1, receipts: [receipt('first')] }),
      c: (batch) => ({ results: accepted(batch), bytes: 10, maybeDuplicated: 2, receipts: [receipt('second-1', 1), { ...receipt('second-2', 1), status: 202 }] }),
      e: () => new DeliveryError('HTTP 400: bad request', false, 400),
    });
    const counters = emptyCounters();
    const pipeline = new Pipeline({ session, limits: LIMITS, limiter: limiter(), store: runStore, counters, stage: false, trackWatermark: false, signal });
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      counters.read += 1;
      void pipeline.push(record(key));
    }
    const drained = pipeline.drain();
    // The second batch is answered first: nothing of it is committed before the first.
    await release('c');
    await release('e');
    await release('a');
    await drained;

    expect(counters).toMatchObject({ read: 5, sent: 4, rejected: 1, maybeDuplicated: 3 });
    expect(store.runs.get(run.id)?.counters).toMatchObject({ sent: 4, rejected: 1, maybeDuplicated: 3 });
    const { summary, receipts } = store.runBatches.of(run.id);
    expect(summary).toEqual({ batches: 3, byStatus: { '200': 2, '202': 1 } });
    expect(receipts.map((r) => [r.seq, r.receiptId])).toEqual([
      [1, 'first'],
      [2, 'second-1'],
      [3, 'second-2'],
    ]);
  });
});
