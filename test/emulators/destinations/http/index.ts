import type { FailStatus, FaultSettings, FaultSnapshot, StormSettings } from './faults';
import { HttpFakeServer } from './server';
import type { BatchLogEntry, HttpFakeAuth, HttpFakeStats, JsonRecord, RejectWhen } from './types';

export { formatOf, parseBatch, type BatchFormat, type BatchRejection, type ParsedBatch } from './parse-batch';
export { faultSettingsSchema } from './faults';
export type { FailStatus, FaultSettings, FaultSnapshot, StormSettings } from './faults';
export type {
  BatchLogEntry,
  ErrorBody,
  HttpFakeAuth,
  HttpFakeStats,
  IngestResponse,
  JsonRecord,
  RecordResult,
  RecordStatus,
  RejectWhen,
} from './types';

export interface StartHttpFakeOptions {
  /** 0 (default) picks a free port. The server listens on 127.0.0.1 only. */
  port?: number;
  /** Ingest path. Default `/ingest`. */
  path?: string;
  /** Record field holding the idempotency key (a non-empty string). Default `_floe_id`. */
  idField?: string;
  auth?: HttpFakeAuth;
  /** Headers every ingest request must carry with exactly this value, else 400. */
  requiredHeaders?: Record<string, string>;
  /** Default 1000; more → 413. */
  maxRecordsPerBatch?: number;
  /** Default 5 MB (5 * 1024 * 1024), measured after gunzip; more → 413. */
  maxBodyBytes?: number;
  /** Retry-After sent with injected 429s unless a switch says otherwise; null = none. Default 1. */
  retryAfterSeconds?: number | null;
  rejectWhen?: RejectWhen;
  /** Answer 422 when an Idempotency-Key comes back with a different set of ids. Default true. */
  strictIdempotencyKey?: boolean;
  /** One line per ingest request on stderr. */
  log?: boolean;
}

export interface HttpFakeFaults {
  /** Next `count` requests → 429, with `Retry-After: <s>` (default: the server's) or, with null, without it. */
  rateLimit(count: number, retryAfterSeconds?: number | null): void;
  /** Next `count` requests → `status` (default 503). */
  fail(count: number, status?: FailStatus): void;
  /** Next `count` requests wait `ms` before being handled; a client that disconnects meanwhile is not processed. */
  delay(count: number, ms: number): void;
  /** Next `count` requests: body read, then the socket is destroyed without an answer. */
  dropConnections(count: number): void;
  /** Next `count` requests are processed (records stored) and then the socket is destroyed: a lost ack. */
  acceptThenDrop(count: number): void;
  /** Random 429s/5xx from a seeded PRNG until `storm(null)`. */
  storm(settings: StormSettings | null): void;
  /** Everything above in one object (the same JSON `POST /__fake/faults` takes). Throws on invalid input. */
  set(settings: FaultSettings): void;
  /** What is still armed. */
  pending(): FaultSnapshot;
  /** Disarms every switch. */
  reset(): void;
}

export interface HttpFakeHandle {
  /** Full URL of the ingest path, e.g. `http://127.0.0.1:PORT/ingest`. */
  url: string;
  port: number;
  /** Stored records in acceptance order (deduplicated). */
  accepted(): JsonRecord[];
  /** Processed batches in order: format, gzip, Idempotency-Key, sizes. */
  batches(): BatchLogEntry[];
  stats(): HttpFakeStats;
  faults: HttpFakeFaults;
  /** Replaces the per-record rejection rule; null accepts everything. */
  setRejectWhen(fn: RejectWhen | null): void;
  /** Forgets records, dedup memory, stats and faults; keeps options and the rejection rule. */
  reset(): void;
  /** Resolves after every socket is destroyed; in-flight delays are cancelled. */
  close(): Promise<void>;
}

export async function startHttpFake(opts: StartHttpFakeOptions = {}): Promise<HttpFakeHandle> {
  const path = opts.path ?? '/ingest';
  if (!path.startsWith('/') || path.startsWith('/__fake/')) throw new Error(`invalid ingest path "${path}"`);
  const fake = new HttpFakeServer({
    port: opts.port ?? 0,
    path,
    idField: opts.idField ?? '_floe_id',
    auth: opts.auth,
    requiredHeaders: opts.requiredHeaders ?? {},
    maxRecordsPerBatch: opts.maxRecordsPerBatch ?? 1000,
    maxBodyBytes: opts.maxBodyBytes ?? 5 * 1024 * 1024,
    retryAfterSeconds: opts.retryAfterSeconds === undefined ? 1 : opts.retryAfterSeconds,
    rejectWhen: opts.rejectWhen ?? null,
    strictIdempotencyKey: opts.strictIdempotencyKey ?? true,
    log: opts.log ?? false,
  });
  await fake.listen();
  const f = fake.faults;
  return {
    url: fake.url,
    port: fake.port,
    accepted: () => fake.store.all(),
    batches: () => fake.batches(),
    stats: () => fake.getStats(),
    faults: {
      rateLimit: (count, retryAfterSeconds) => f.apply({ rateLimit: { count, retryAfterSeconds } }),
      fail: (count, status) => f.apply({ fail: { count, status } }),
      delay: (count, ms) => f.apply({ delay: { count, ms } }),
      dropConnections: (count) => f.apply({ dropConnections: count }),
      acceptThenDrop: (count) => f.apply({ acceptThenDrop: count }),
      storm: (settings) => f.apply({ storm: settings }),
      set: (settings) => f.apply(settings),
      pending: () => f.snapshot(),
      reset: () => f.reset(),
    },
    setRejectWhen: (fn) => {
      fake.rejectWhen = fn;
    },
    reset: () => fake.reset(),
    close: () => fake.close(),
  };
}
