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
});
export type Run = z.infer<typeof Run>;
