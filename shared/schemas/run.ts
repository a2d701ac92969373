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
  error: z
    .object({ code: z.string(), message: z.string(), remedy: z.string() })
    .nullable(),
});
export type Run = z.infer<typeof Run>;
