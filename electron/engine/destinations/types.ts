import type { DestinationDescriptor } from '../../../shared/destinations';
import type { DryRunResult, SecretField } from '../../../shared/schemas';
import type { OutRecord } from '../delivery/batcher';

/** What a destination said about one record of a batch. */
export type RecordResult = { status: 'accepted' } | { status: 'rejected'; reason: string; retryable: boolean };

/** Thrown by `send` when the whole batch failed; `retryable` decides whether delivery tries again. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface DeliveryLimits {
  maxRecords: number;
  maxBytes: number;
  concurrency: number;
  timeoutMs: number;
  ratePerSecond: number | null;
  maxAttempts: number;
}

export interface Session {
  /** One attempt at one batch: a result per record, in order, or a DeliveryError. */
  send(batch: OutRecord[], signal: AbortSignal): Promise<{ results: RecordResult[]; bytes: number }>;
  /** Makes what was sent durable (a file is renamed into place); nothing is acknowledged before. */
  finish(): Promise<{ location: string | null }>;
  /** Throws away what was sent but not finished. */
  abort(): Promise<void>;
}

export interface OpenContext<S> {
  settings: S;
  secrets: Partial<Record<SecretField, string>>;
  runId: string;
  syncName: string;
  now: Date;
}

/** A request a batch becomes, as a dry run shows it (secrets masked). */
export type RequestPreview = DryRunResult['requests'][number];

/**
 * One destination in the engine: its shared descriptor (settings, secrets, data types) and how
 * it delivers. The engine calls nothing else, so a new destination is one folder exporting one
 * of these, registered by one line in ./index.ts.
 */
export interface DestinationModule<S = unknown> {
  descriptor: DestinationDescriptor<S>;
  /** Acknowledgements only count once `finish` succeeds (a file); otherwise per batch. */
  acknowledgesAtFinish: boolean;
  limits(settings: S): DeliveryLimits;
  /**
   * The encoded size of one record, for batching by bytes, from the size of its payload as
   * JSON (which the engine has already measured while hashing it): the destination adds its
   * envelope. Cheap on purpose: it runs for every row.
   */
  recordBytes(payloadBytes: number, record: Pick<OutRecord, 'op' | 'rowKey'>, settings: S): number;
  /** The exact request a batch becomes, with where it goes (a dry run shows these). */
  preview(batch: OutRecord[], settings: S, context: { syncName: string; now: Date }): RequestPreview;
  open(context: OpenContext<S>): Promise<Session>;
}
