import { backOff } from 'exponential-backoff';
import type { OutRecord } from './batcher';
import { DeliveryError, type BatchReceipt, type DeliveryLimits, type RecordResult, type Session } from '../destinations/types';
import { sleep, type SharedRateLimiter } from './rate-limiter';

export interface Delivered {
  /** A result per record, in order; empty when the batch was not sent (`gaveUp`). */
  results: RecordResult[];
  bytes: number;
  attempts: number;
  /** Accepted records that may be stored twice (see `Sent`); 0 when the session says nothing. */
  maybeDuplicated: number;
  /** The destination's receipts for the batch's requests, for the run record. */
  receipts: BatchReceipt[];
  /**
   * Set when every attempt failed with a retryable error (the destination is down, overwhelmed
   * or cannot be found), or with one that stops the run (a refused key): later batches would
   * fail too. The batch's records were not delivered, and nobody refused them: they are not
   * sent (not rejected), and stay pending for the next run.
   */
  gaveUp?: DeliveryError;
}

const RETRY_AFTER_CAP_MS = 120_000;

/**
 * Sends one batch: waits for the shared rate limit (and a shared slot, for APIs that limit
 * requests in flight), bounds each attempt by the batch timeout, retries network errors, 429 and
 * 5xx with exponential backoff and full jitter (waiting at least Retry-After when given), and
 * never retries other 4xx. A batch the destination refused (a 4xx that does not stop the run)
 * has each record rejected with the destination's words; a batch it gave up on has no results
 * and `gaveUp` set: its rows were never delivered.
 */
export async function deliverBatch(
  session: Session,
  batch: OutRecord[],
  limits: DeliveryLimits,
  limiter: SharedRateLimiter,
  signal: AbortSignal,
  onRetry?: (error: DeliveryError, attempt: number) => void,
): Promise<Delivered> {
  let attempts = 0;
  try {
    const outcome = await backOff(
      async () => {
        attempts += 1;
        await limiter.take(signal);
        // The slot is held for the whole attempt, which its timeout bounds (else 10 minutes).
        const release = limits.sharedInFlight ? await limiter.enter(limits.sharedInFlight, (limits.timeoutMs ?? 600_000) + 5_000, signal) : null;
        const attempt = limits.timeoutMs === null ? signal : AbortSignal.any([signal, AbortSignal.timeout(limits.timeoutMs)]);
        try {
          return await session.send(batch, attempt);
        } catch (error) {
          if (signal.aborted) throw error;
          if (attempt.aborted) throw new DeliveryError(`no answer within ${Math.round(limits.timeoutMs! / 1000)} s`, true);
          throw error;
        } finally {
          release?.();
        }
      },
      {
        numOfAttempts: limits.maxAttempts,
        startingDelay: 250,
        timeMultiple: 2,
        maxDelay: 30_000,
        jitter: 'full',
        retry: async (error: unknown, next: number) => {
          if (signal.aborted || !(error instanceof DeliveryError) || !error.retryable) return false;
          onRetry?.(error, next);
          if (error.retryAfterMs) await sleep(Math.min(error.retryAfterMs, RETRY_AFTER_CAP_MS), signal);
          return true;
        },
      },
    );
    return { results: outcome.results, bytes: outcome.bytes, attempts, maybeDuplicated: outcome.maybeDuplicated ?? 0, receipts: outcome.receipts ?? [] };
  } catch (error) {
    if (signal.aborted) throw error;
    const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message, true);
    const empty = { bytes: 0, attempts, maybeDuplicated: 0, receipts: [] };
    // A failure that stops the run (a refused key) is not the rows' fault either: not sent.
    if (failure.retryable || failure.stop !== null) return { results: [], ...empty, gaveUp: failure };
    // The destination looked at the batch and said no (HTTP 400, 422): each row is rejected.
    return { results: batch.map(() => ({ status: 'rejected', reason: failure.message, retryable: false })), ...empty };
  }
}
