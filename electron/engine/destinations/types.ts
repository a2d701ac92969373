import type { DataType, DestinationDescriptor } from '../../../shared/destinations';
import type { DryRunResult, SecretField } from '../../../shared/schemas';
import type { OutRecord } from '../delivery/batcher';
import type { Publication } from './publish';

/**
 * What a destination said about one record of a batch. `deferred`: not sent yet, to be sent
 * again in a later batch from `until` (epoch ms) — a user Amplitude throttled waits its pause
 * while the other rows keep flowing.
 */
export type RecordResult =
  | { status: 'accepted' }
  | { status: 'rejected'; reason: string; retryable: boolean }
  | { status: 'deferred'; until: number };

/**
 * Thrown by `send` when the whole batch failed; `retryable` decides whether delivery tries again.
 * `stopsRun` marks a failure every later batch would meet too (a refused API key): the run stops
 * at once, with `remedy` as its advice, and the rows not acknowledged wait for the next run.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
    readonly stop: { remedy: string } | null = null,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface DeliveryLimits {
  maxRecords: number;
  maxBytes: number;
  /** One record's limit, when the API has one (Customer.io: 32 KB a call): larger rows are rejected. */
  maxRecordBytes?: number;
  concurrency: number;
  /** Bounds each attempt at a batch; null when the session bounds each of its requests itself. */
  timeoutMs: number | null;
  ratePerSecond: number | null;
  /**
   * Requests at once across every run sharing this destination's limiter (CleverTap: 15 per
   * account), when the API limits requests in flight rather than per second; at most 16.
   */
  sharedInFlight?: number;
  maxAttempts: number;
}

/**
 * What a destination answered for one request of a batch, kept in the run record when the API
 * says more than "accepted" (CluedIn: a 200 only means received, with flags, warnings and a
 * receipt id to ask CluedIn about later). A batch a 413 split gives one per request.
 */
export interface BatchReceipt {
  /** The HTTP status of the answer. */
  status: number;
  /** The destination's id for what it received, when it gives one. */
  receiptId: string | null;
  /** How many records the request carried. */
  records: number;
  /** What the destination flagged, in its words ("warning: property 'first name' renamed first_name"). */
  warnings: string[];
}

/** One batch's outcome from the destination. */
export interface Sent {
  /** A result per record, in order. */
  results: RecordResult[];
  bytes: number;
  /**
   * Records accepted by a request sent again after an earlier attempt's answer was lost, to an
   * API without an idempotency key (CleverTap): the destination may hold them twice.
   */
  maybeDuplicated?: number;
  receipts?: BatchReceipt[];
}

export interface Session {
  /** One attempt at one batch: a result per record, in order, or a DeliveryError. */
  send(batch: OutRecord[], signal: AbortSignal): Promise<Sent>;
  /**
   * Makes what was sent durable; nothing is acknowledged before. A file is flushed to disk but
   * left under its hidden name: `publish` says where it goes, and the engine moves it there once
   * the run's state is committed with the intent to (see destinations/publish.ts).
   */
  finish(): Promise<{ location: string | null; publish?: Publication }>;
  /** Throws away what was sent but not finished. */
  abort(): Promise<void>;
}

/** Where a batch goes and what it is: the sync's data type decides the API call. */
export interface BatchContext {
  syncName: string;
  now: Date;
  dataType: DataType;
}

export interface OpenContext<S> extends BatchContext {
  settings: S;
  secrets: Partial<Record<SecretField, string>>;
  runId: string;
}

/** A request a batch becomes, as a dry run shows it (secrets masked). */
export type RequestPreview = DryRunResult['requests'][number];

/**
 * What a destination checks in each mapped row before it is sent, in the reader thread, so a
 * row the API would refuse is rejected with the reason (and shown by a dry run), never sent.
 */
export interface RecordShaper {
  /** Tidies the payload in place (drops what the API refuses, like a null id) and returns why it cannot be sent, or null. */
  check(payload: Record<string, unknown>): string | null;
  /** The id the destination rate-limits this record by (Amplitude: its user or device), or null. */
  rateKey?(payload: Record<string, unknown>): string | null;
}

/** The answer to one test call, for the destination form's "Send test event". */
export interface TestCallResult {
  ok: boolean;
  status: number | null;
  /** What happened, in words: "Amplitude accepted the event." */
  message: string;
  request: RequestPreview;
  /** The response body (shortened). */
  response: string;
}

/**
 * One destination in the engine: its shared descriptor (settings, secrets, data types) and how
 * it delivers. The engine calls nothing else, so a new destination is one folder exporting one
 * of these, registered by one line in ./index.ts.
 */
export interface DestinationModule<S = unknown> {
  descriptor: DestinationDescriptor<S>;
  /** Acknowledgements only count once `finish` succeeds (a file); otherwise per batch. */
  acknowledgesAtFinish: boolean;
  limits(settings: S, dataType: DataType): DeliveryLimits;
  /**
   * The encoded size of one record, for batching by bytes, from the size of its payload as
   * JSON (which the engine has already measured while hashing it): the destination adds its
   * envelope. Cheap on purpose: it runs for every row.
   */
  recordBytes(payloadBytes: number, record: Pick<OutRecord, 'op' | 'rowKey'>, settings: S): number;
  /** The exact request a batch becomes, with where it goes (a dry run shows these). */
  preview(batch: OutRecord[], settings: S, context: BatchContext): RequestPreview;
  open(context: OpenContext<S>): Promise<Session>;
  /**
   * Set when the API has no idempotency key (CleverTap): a request sent again after its answer was
   * lost may be stored twice. `hint` says how to find the copies of a data type's records.
   */
  repeats?: { hint(dataType: DataType): string };
  /** Whether a changed-rows sync sends its deletes (CluedIn: tombstones, unless turned off); default yes, when the data type takes deletes. */
  sendsDeletes?(settings: S): boolean;
  /** The checks of a data type's rows, when the destination has any. */
  shaper?(dataType: DataType, settings: S): RecordShaper;
  /**
   * Removes what runs that are over left in the destination (a killed file run's partial file),
   * before a run opens its session. `over(runId)` says whether a run is over for good, with
   * nothing of its output still to be published.
   */
  sweep?(settings: S, over: (runId: string) => boolean): void;
  /** Sends one real call with the saved settings and key, for the destination form. */
  sendTest?(context: Omit<OpenContext<S>, 'runId' | 'dataType'>, signal: AbortSignal): Promise<TestCallResult>;
}
