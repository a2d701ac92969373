import { z } from 'zod';
import { DisplayName, Id, Timestamp } from './common';

export const Strategy = z.enum(['full', 'incremental', 'diff', 'cdc-append', 'cdc-mirror']);
export type Strategy = z.infer<typeof Strategy>;

export const Schedule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({ kind: z.literal('interval'), minutes: z.number().int().min(1).max(60 * 24 * 31) }),
  z.object({ kind: z.literal('cron'), expression: z.string().min(1), timezone: z.string().min(1) }),
]);
export type Schedule = z.infer<typeof Schedule>;

/** One output field: taken from a column, or a static value. */
export const MappingRule = z.object({
  target: z.string().min(1),
  source: z.string().min(1).optional(),
  value: z.unknown().optional(),
});
export type MappingRule = z.infer<typeof MappingRule>;

export const DEFAULT_ROW_LIMIT = 40_000_000;

export const Sync = z.object({
  id: Id,
  name: DisplayName,
  connectionId: Id,
  destinationId: Id,
  query: z.string().min(1, 'Write the SQL query this sync reads.'),
  strategy: Strategy,
  primaryKey: z.array(z.string().min(1)),
  mapping: z.array(MappingRule),
  schedule: Schedule,
  rowLimit: z.number().int().positive(),
  enabled: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Sync = z.infer<typeof Sync>;

export const SyncDraft = Sync.omit({ id: true, createdAt: true, updatedAt: true });
export type SyncDraft = z.infer<typeof SyncDraft>;
