import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/core/store';
import type { OutRecord } from '../../../electron/engine/delivery/batcher';
import { deliverBatch } from '../../../electron/engine/delivery/deliver';
import { SharedRateLimiter } from '../../../electron/engine/delivery/rate-limiter';
import { DeliveryError, type DeliveryLimits, type Session } from '../../../electron/engine/destinations/types';
import { emptyCounters } from '../../../electron/engine/job';
import { Pipeline } from '../../../electron/engine/pipeline';
import { RunStore } from '../../../electron/engine/state/run-store';
import { connectionDraft, destinationDraft, syncDraft } from '../../helpers/fixtures';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

const LIMITS: DeliveryLimits = { maxRecords: 2, maxBytes: 1_000_000, concurrency: 1, timeoutMs: null, ratePerSecond: null, maxAttempts: 1 };
const limiter = () => new SharedRateLimiter(SharedRateLimiter.createBuffer(), null);
const signal = new AbortController().signal;
const record = (rowKey: string, watermark: string | null = null): OutRecord => ({ rowKey, idempotencyKey: rowKey, op: 'upsert', payload: {}, hash: `h-${rowKey}`, watermark, source: { KEY: rowKey }, bytes: 10 });
const refusing = (error: DeliveryError): Session => ({ send: async () => Promise.reject(error), finish: async () => ({ location: null }), abort: async () => undefined });

describe('deliverBatch: a batch nobody refused is not sent; one the destination refused is rejected', () => {
  it.each([
    ['the endpoint cannot be reached (DNS)', new DeliveryError('could not reach no-such-host.invalid: getaddrinfo ENOTFOUND no-such-host.invalid', true)],
    ['the endpoint answers 503 every time', new DeliveryError('HTTP 503', true, 503)],
    ['the endpoint refuses Floe’s key', new DeliveryError('HTTP 401', false, 401, null, { remedy: 'Check the token.' })],
  ])('%s: no result per record, the failure kept as gaveUp', async (_, error) => {
    const delivered = await deliverBatch(refusing(error), [record('a'), record('b')], LIMITS, limiter(), signal);
    expect(delivered.results).toEqual([]);
    expect(delivered.gaveUp).toBe(error);
  });

  it('HTTP 422: the destination said no, so each record is rejected with its words, not retryable', async () => {
    const delivered = await deliverBatch(refusing(new DeliveryError('HTTP 422: event_name is required', false, 422)), [record('a')], LIMITS, limiter(), signal);
    expect(delivered.gaveUp).toBeUndefined();
    expect(delivered.results).toEqual([{ status: 'rejected', reason: 'HTTP 422: event_name is required', retryable: false }]);
  });
});

describe('the pipeline, when the destination stops answering mid-run', () => {
  it('counts the rows of the batch it gave up on, and of the ones it stopped, not sent; stores no rejection; keeps the watermark behind them', async () => {
    const store = openStore(path.join(tempDir(), 'floe.db'));
    const sync = store.syncs.create(syncDraft(store.connections.create(connectionDraft()).id, store.destinations.create(destinationDraft()).id));
    const run = store.runs.queue(sync.id, 'manual');
    const runStore = new RunStore(store.db, sync.id, run.id, { trackSnapshots: false, staged: false, readOnly: false });
    let batches = 0;
    const session: Session = {
      send: async (batch) => {
        batches += 1;
        if (batches > 1) throw new DeliveryError('could not reach no-such-host.invalid: getaddrinfo ENOTFOUND no-such-host.invalid', true);
        return { results: batch.map(() => ({ status: 'accepted' as const })), bytes: 10 };
      },
      finish: async () => ({ location: null }),
      abort: async () => undefined,
    };
    const counters = emptyCounters();
    const pipeline = new Pipeline({ session, limits: LIMITS, limiter: limiter(), store: runStore, counters, stage: false, trackWatermark: true, signal });
    const rows = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05'];
    for (const [i, day] of rows.entries()) {
      counters.read += 1;
      await pipeline.push(record(`k${i}`, day));
    }
    await pipeline.drain();

    expect(pipeline.unreachable?.message).toMatch(/ENOTFOUND/);
    expect(counters).toMatchObject({ read: 5, sent: 2, rejected: 0, skipped: 3 });
    expect(store.db.prepare('SELECT COUNT(*) FROM rejected_rows').pluck().get()).toBe(0);
    // Only the first batch was acknowledged: the watermark is below its last row, never at a row not sent.
    expect(runStore.state().watermark).toBe('2026-01-01');
    expect(pipeline.wasInterrupted).toBe(true);
  });
});
