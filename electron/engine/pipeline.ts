import type { RunCounters } from '../../shared/schemas';
import { Batcher, type OutRecord } from './delivery/batcher';
import { deliverBatch, type Delivered } from './delivery/deliver';
import { sleep, type SharedRateLimiter } from './delivery/rate-limiter';
import type { BatchReceipt, DeliveryLimits, Session } from './destinations/types';
import type { Rejection, RunStore } from './state/run-store';

/** A record on its way, with the open rejections its delivery resolves (the one it re-offers, or ones it replaces). */
export type Outgoing = OutRecord & { resolves?: readonly number[] };

interface Finished {
  batch: Outgoing[];
  delivered: Delivered | null;
}

/**
 * Batches records, sends up to `concurrency` batches at once, and commits their outcomes strictly
 * in the order the batches were made, so a watermark never passes a row that is still in flight.
 * Pulling the next row waits while the window is full: that is the backpressure on the stream.
 */
export class Pipeline {
  private readonly batcher: Batcher;
  private readonly inflight = new Set<Promise<void>>();
  private readonly finished = new Map<number, Finished>();
  private nextBatch = 0;
  private nextCommit = 0;
  private pendingRejections: Rejection[] = [];
  private pendingResolved: number[] = [];
  private pendingReceipts: BatchReceipt[] = [];
  private interrupted = false;
  /** Rows sent whose answer is not committed: a batch cancelled mid-flight stays counted (its request may have arrived). */
  private rowsInFlight = 0;
  /** Records a destination put off (a throttled user), sent again in a later batch once due. */
  private deferred: Array<{ record: Outgoing; until: number }> = [];
  /** Acknowledged by a destination that acknowledges only when it finishes: counted then. */
  private readonly staged = { sent: 0, deleted: 0 };
  /** Stops the batches still in flight once the destination is known to be unreachable. */
  private readonly halt = new AbortController();
  private readonly signal: AbortSignal;
  /** The failure of a batch that exhausted its retries, or that stops the run: the run should stop sending (its rows are not sent). */
  unreachable: { message: string; attempts: number; remedy: string | null } | null = null;
  /** incremental-by-column: the highest value below which every row is accounted for. */
  safeWatermark: string | null = null;
  /** incremental-by-column: the highest value pushed; the watermark once a run completes. */
  maxWatermark: string | null = null;

  constructor(
    private readonly options: {
      session: Session | null;
      limits: DeliveryLimits;
      limiter: SharedRateLimiter;
      store: RunStore;
      counters: RunCounters;
      stage: boolean;
      trackWatermark: boolean;
      signal: AbortSignal;
      onRetry?: (message: string) => void;
    },
  ) {
    this.batcher = new Batcher(options.limits.maxRecords, options.limits.maxBytes);
    this.signal = AbortSignal.any([options.signal, this.halt.signal]);
  }

  /** A row that will not be sent: kept with its reason, committed with the next batch. */
  reject(rejection: Rejection): void {
    this.options.counters.rejected += 1;
    this.pendingRejections.push(rejection);
  }

  /** Open rejections settled without a delivery (the row is unchanged): committed with the next batch. */
  resolve(ids: readonly number[]): void {
    this.pendingResolved.push(...ids);
  }

  /** Adds a record; returns a promise (to await before the next row) only when a batch was made. */
  push(record: Outgoing): Promise<void> | undefined {
    if (record.watermark !== null && (this.maxWatermark === null || record.watermark > this.maxWatermark)) this.maxWatermark = record.watermark;
    let pushedBack = this.deferred.length ? this.addDue() : undefined;
    const batch = this.batcher.add(record);
    if (batch) pushedBack = pushedBack ? pushedBack.then(() => this.dispatch(batch)) : this.dispatch(batch);
    return pushedBack;
  }

  /** Sends what is left, the deferred records once due, and waits for every batch to be committed. */
  async drain(): Promise<void> {
    for (;;) {
      const last = this.batcher.flush();
      if (last) await this.dispatch(last);
      while (this.inflight.size > 0) await Promise.race(this.inflight);
      if (!this.deferred.length || this.signal.aborted) break;
      const wait = Math.min(...this.deferred.map((d) => d.until)) - Date.now();
      if (wait > 0) await sleep(wait, this.signal).catch(() => undefined);
      await this.addDue();
    }
    if (this.deferred.length) {
      // Cancelled or halted while records waited: not sent, so skipped (sent again next run).
      this.interrupted = true;
      for (const { record } of this.deferred) if (record.op !== 'delete') this.options.counters.skipped += 1;
      this.deferred = [];
    }
    this.commitReady(true);
  }

  /** Puts the deferred records that are due back into batches (in the order they were deferred). */
  private addDue(): Promise<void> | undefined {
    const now = Date.now();
    if (!this.deferred.some((d) => d.until <= now)) return undefined;
    const due = this.deferred.filter((d) => d.until <= now);
    this.deferred = this.deferred.filter((d) => d.until > now);
    let pushedBack: Promise<void> | undefined;
    for (const { record } of due) {
      const batch = this.batcher.add(record);
      if (batch) pushedBack = pushedBack ? pushedBack.then(() => this.dispatch(batch)) : this.dispatch(batch);
    }
    return pushedBack;
  }

  /** True when a batch's rows are not accounted for (cancelled mid-flight, or not sent): state must not pass them. */
  get wasInterrupted(): boolean {
    return this.interrupted;
  }

  private async dispatch(batch: Outgoing[]): Promise<void> {
    while (this.inflight.size >= this.options.limits.concurrency) await Promise.race(this.inflight);
    const seq = this.nextBatch++;
    const { session, limits, limiter } = this.options;
    if (session) {
      this.rowsInFlight += batch.length;
      this.options.store.inFlight(this.rowsInFlight);
    }
    const { signal } = this;
    const sending = session
      ? deliverBatch(session, batch, limits, limiter, signal, (error, attempt) => this.options.onRetry?.(`attempt ${attempt}: ${error.message}`))
      : Promise.resolve(null);
    const task = sending
      .then(
        (delivered) => {
          if (delivered?.gaveUp && !this.unreachable) {
            // Every attempt failed: the next batches would fail the same way, each after a
            // minute of backoff. Stop them all now (whatever order they finish in); what is not
            // acknowledged is sent again by the next run.
            this.unreachable = { message: delivered.gaveUp.message, attempts: delivered.attempts, remedy: delivered.gaveUp.stop?.remedy ?? null };
            this.halt.abort(new Error('the destination is unreachable'));
          }
          this.finished.set(seq, { batch, delivered });
        },
        () => void this.finished.set(seq, { batch, delivered: null }),
      )
      .then(() => this.commitReady(false));
    this.inflight.add(task);
    void task.finally(() => this.inflight.delete(task));
  }

  /** The destination finished: what it staged counts as delivered, committed with the snapshots and resolutions. */
  commitStaged(): void {
    const { counters, store } = this.options;
    counters.sent += this.staged.sent;
    counters.deleted += this.staged.deleted;
    this.staged.sent = this.staged.deleted = 0;
    store.commitStaged(counters);
  }

  /** The destination threw away what it staged: those rows were not delivered. */
  discardStaged(): void {
    this.options.counters.skipped += this.staged.sent;
    this.staged.sent = this.staged.deleted = 0;
  }

  private commitReady(final: boolean): void {
    const { counters, stage } = this.options;
    while (this.finished.has(this.nextCommit)) {
      const { batch, delivered } = this.finished.get(this.nextCommit)!;
      this.finished.delete(this.nextCommit);
      this.nextCommit += 1;
      const acknowledged: Outgoing[] = [];
      if (!delivered || delivered.gaveUp) {
        // Cancelled while in flight, or never delivered (the destination could not be reached, or
        // refused Floe's key): nobody refused these rows, so they are not sent rather than
        // rejected, and the state stays behind them so the next run sends them again.
        if (delivered) this.rowsInFlight -= batch.length;
        this.interrupted = true;
        for (const record of batch) if (record.op !== 'delete') counters.skipped += 1;
      } else {
        this.rowsInFlight -= batch.length;
        counters.bytesSent += delivered.bytes;
        // Counted when answered, not when staged: the destination was sent them either way.
        counters.maybeDuplicated += delivered.maybeDuplicated;
        this.pendingReceipts.push(...delivered.receipts);
        const tally = stage ? this.staged : counters;
        batch.forEach((record, i) => {
          const result = delivered.results[i]!;
          if (result.status === 'deferred') {
            this.deferred.push({ record, until: result.until });
          } else if (result.status === 'accepted') {
            acknowledged.push(record);
            if (record.op === 'delete') tally.deleted += 1;
            else tally.sent += 1;
            if (record.resolves) this.pendingResolved.push(...record.resolves);
          } else if (record.op === 'delete') {
            // A delete that failed is tried again next run: its snapshot row stays.
            this.options.onRetry?.(`delete of ${record.rowKey} not acknowledged: ${result.reason}`);
          } else {
            // The destination said no to this row: for good, or for now (a user over its daily
            // quota), which `retryable` tells and the next run offers again.
            counters.rejected += 1;
            this.pendingRejections.push({
              rowKey: record.rowKey,
              reason: result.retryable ? 'refused for now by the destination' : 'rejected by the destination',
              destinationMessage: result.reason,
              retryable: result.retryable,
              source: record.source,
              supersedes: record.resolves,
            });
          }
        });
      }
      // A deferred record is not accounted for yet: the watermark waits until none is left.
      const watermark = this.options.trackWatermark && !this.interrupted ? this.advanceWatermark(batch) : undefined;
      this.flushCommit(acknowledged, this.deferred.length ? undefined : watermark);
    }
    if (final && (this.pendingRejections.length || this.pendingResolved.length)) this.flushCommit([], undefined);
  }

  private flushCommit(acknowledged: Outgoing[], watermark: string | null | undefined): void {
    this.options.store.commit({
      acknowledged,
      rejected: this.pendingRejections,
      resolved: this.pendingResolved,
      counters: this.options.counters,
      receipts: this.pendingReceipts,
      inFlight: this.rowsInFlight,
      watermark,
    });
    this.pendingRejections = [];
    this.pendingResolved = [];
    this.pendingReceipts = [];
  }

  /**
   * Rows arrive ordered by the watermark column. After this batch, every row up to its last
   * value is accounted for, except rows with that same value that may start the next batch; so
   * the safe watermark is the largest value strictly below the batch's last one.
   */
  private advanceWatermark(batch: Outgoing[]): string | null {
    const values = batch.map((r) => r.watermark).filter((v): v is string => v !== null);
    const last = values.at(-1);
    if (last === undefined) return this.safeWatermark;
    const below = values.filter((v) => v < last);
    const candidate = below.length ? below.reduce((a, b) => (a > b ? a : b)) : null;
    if (candidate !== null && (this.safeWatermark === null || candidate > this.safeWatermark)) this.safeWatermark = candidate;
    return this.safeWatermark;
  }
}
