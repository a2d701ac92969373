import { z } from 'zod';
import { Id, Timestamp } from './common';

export const RunStatus = z.enum([
  'queued',
  'running',
  'succeeded',
  'partially_succeeded',
  'failed',
  'cancelled',
  'skipped',
]);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunTrigger = z.enum(['manual', 'schedule', 'retry', 'cli']);
export type RunTrigger = z.infer<typeof RunTrigger>;

/** Every row a run read ends in exactly one of these: read = sent + rejected + unchanged + skipped. */
export const RunCounters = z.object({
  read: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  /** Removed keys sent as deletes (diff). Not rows read, so outside the invariant. */
  deleted: z.number().int().nonnegative().default(0),
  /**
   * Rows sent again after an answer was lost, to an API without an idempotency key (CleverTap):
   * the destination may hold them twice. Each is also counted as sent, so outside the invariant.
   */
  maybeDuplicated: z.number().int().nonnegative().default(0),
  bytesSent: z.number().int().nonnegative(),
});
export type RunCounters = z.infer<typeof RunCounters>;

export const Run = z.object({
  id: Id,
  syncId: Id,
  status: RunStatus,
  trigger: RunTrigger,
  dryRun: z.boolean(),
  queuedAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  counters: RunCounters,
  queryId: z.string().nullable(),
  /** For a "retry rejected rows" run: the run whose rejected rows it re-offered. */
  retryOf: Id.nullable().default(null),
  error: z
    .object({ code: z.string(), message: z.string(), remedy: z.string() })
    .nullable(),
  /** Why it ran or was skipped, in words: "Missed 3 runs while the computer slept; ran once at 09:14." */
  note: z.string().nullable().default(null),
  /** For a scheduled run: the slot it ran (or was skipped) for. */
  scheduledFor: Timestamp.nullable().default(null),
});
export type Run = z.infer<typeof Run>;

/** One step of a run's timeline: queued, waiting for the network, a phase, a retry, the result. */
export const RunEvent = z.object({
  at: Timestamp,
  kind: z.enum(['queued', 'waiting', 'connecting', 'extracting', 'delivering', 'committing', 'retry', 'finished', 'note']),
  message: z.string(),
});
export type RunEvent = z.infer<typeof RunEvent>;

/**
 * What a destination answered for one request of a run, in the order they were committed (a
 * batch a 413 split gives one per request). Kept when the API says more than "accepted": CluedIn
 * answers 200 on receipt, with a receipt id to ask about and warnings.
 */
export const RunBatch = z.object({
  /** 1 for the run's first receipt. */
  seq: z.number().int().positive(),
  status: z.number().int(),
  receiptId: z.string().nullable(),
  records: z.number().int().nonnegative(),
  /** The first warnings only, each shortened: a pathological run must not bloat the database. */
  warnings: z.array(z.string()),
});
export type RunBatch = z.infer<typeof RunBatch>;

/** A run's receipts: how many, how many of each HTTP status, and the first `limit` of them. */
export const RunBatches = z.object({
  summary: z.object({
    batches: z.number().int().nonnegative(),
    /** HTTP status → receipts with it ("200": 41). */
    byStatus: z.record(z.string(), z.number().int().nonnegative()),
  }),
  receipts: z.array(RunBatch),
});
export type RunBatches = z.infer<typeof RunBatches>;

/** The run history's filters: one sync or all, some statuses, a time window (by when queued), words to search for. */
export const RunQuery = z
  .object({
    syncId: Id.optional(),
    statuses: z.array(RunStatus).max(7).optional(),
    since: Timestamp.optional(),
    until: Timestamp.optional(),
    /** Each word found in the sync's name, the run's error or note, or the start of its id; case and accents ignored. */
    search: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type RunQuery = z.infer<typeof RunQuery>;

/** A dry run: a sample mapped and checked, the exact requests it would make; nothing sent. */
export const DryRunResult = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string(), nullable: z.boolean() })),
  rows: z.array(
    z.object({
      index: z.number().int(),
      key: z.string().nullable(),
      status: z.enum(['send', 'unchanged', 'rejected']),
      reason: z.string().nullable(),
      payload: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  /** Each as the destination would receive it: method (WRITE for a file), URL (file:// for a file), headers with secrets masked, body. */
  requests: z.array(z.object({ method: z.string(), url: z.string(), headers: z.record(z.string(), z.string()), body: z.string() })),
  counts: z.object({ read: z.number().int(), send: z.number().int(), unchanged: z.number().int(), rejected: z.number().int() }),
  problems: z.array(z.string()),
  queryId: z.string().nullable(),
});
export type DryRunResult = z.infer<typeof DryRunResult>;

/** A place in a sync's query: line and column, both from 1 (the query's first character is 1:1). */
export const QueryPosition = z.object({ line: z.number().int().positive(), column: z.number().int().positive() });
export type QueryPosition = z.infer<typeof QueryPosition>;

/**
 * Why a query could not be previewed: what happened and what to do; `sql` is the statement an
 * admin runs when that is the fix (the GRANT for a table the role may not read), and `position`
 * the place in the query to mark in the editor (a compilation error, a name Snowflake could not
 * find, a second statement), each null when there is none.
 */
export const QueryError = z.object({
  code: z.string(),
  message: z.string(),
  remedy: z.string(),
  sql: z.string().nullable().default(null),
  position: QueryPosition.nullable().default(null),
});
export type QueryError = z.infer<typeof QueryError>;

/** The first rows of a query and its column types, for the editor. */
export const QueryPreview = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string(), nullable: z.boolean() })),
  rows: z.array(z.record(z.string(), z.unknown())),
  truncated: z.boolean(),
  queryId: z.string().nullable(),
  error: QueryError.nullable(),
});
export type QueryPreview = z.infer<typeof QueryPreview>;

export const RejectedRow = z.object({
  id: z.number().int(),
  rowKey: z.string(),
  reason: z.string(),
  destinationMessage: z.string().nullable(),
  retryable: z.boolean(),
  resolvedBy: z.string().nullable(),
});
export type RejectedRow = z.infer<typeof RejectedRow>;
