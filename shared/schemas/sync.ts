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

/** How a value is converted on its way to the destination. */
export const FieldType = z.enum(['auto', 'string', 'number', 'integer', 'boolean', 'timestamp', 'epoch-ms', 'json']);
export type FieldType = z.infer<typeof FieldType>;

/**
 * One output field, at a dotted path (`user_properties.plan` builds nested objects): taken from
 * a column, or a static value. A required field that ends up null rejects the row, with a reason.
 */
export const MappingRule = z
  .object({
    target: z
      .string()
      .trim()
      .min(1, 'Name the destination field.')
      .regex(/^[^.]+(\.[^.]+)*$/, 'Use dots only between field names, e.g. user_properties.plan.'),
    source: z.string().trim().min(1).optional(),
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    type: FieldType.default('auto'),
    required: z.boolean().default(false),
  })
  .refine((r) => (r.source === undefined) !== (r.value === undefined), {
    message: 'A field takes either a column or a static value.',
    path: ['source'],
  });
export type MappingRule = z.infer<typeof MappingRule>;

/**
 * Columns → fields. With `passThrough`, every column no rule uses is also sent, under its
 * lower-cased name (Snowflake's unquoted names are upper case; destinations expect lower), at
 * the top level or, with `passThroughTo`, inside that object (Amplitude's `event_properties`).
 */
export const Mapping = z.object({
  rules: z.array(MappingRule).default([]),
  passThrough: z.boolean().default(true),
  passThroughTo: z
    .string()
    .trim()
    .regex(/^[^.]+(\.[^.]+)*$/, 'Use dots only between field names, e.g. event_properties.')
    .optional(),
});
export type Mapping = z.infer<typeof Mapping>;

export const DEFAULT_ROW_LIMIT = 40_000_000;

export const Sync = z.object({
  id: Id,
  name: DisplayName,
  connectionId: Id,
  destinationId: Id,
  query: z.string().min(1, 'Write the SQL query this sync reads.'),
  strategy: Strategy,
  /** Which data type of its destination the sync sends (its descriptor lists them): `records` for HTTP and files. */
  dataType: z.string().trim().min(1).default('records'),
  /** incremental only: the timestamp column whose acknowledged maximum is the watermark; null means {{last_sync_time}}. */
  watermarkColumn: z.string().trim().min(1).nullable().default(null),
  primaryKey: z.array(z.string().trim().min(1)),
  mapping: Mapping,
  schedule: Schedule,
  rowLimit: z.number().int().positive(),
  enabled: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Sync = z.infer<typeof Sync>;

export const SyncDraft = Sync.omit({ id: true, createdAt: true, updatedAt: true })
  .refine((d) => d.strategy !== 'diff' || d.primaryKey.length > 0, {
    message: 'Changed-rows syncs need a primary key: the column(s) that identify a row.',
    path: ['primaryKey'],
  })
  .refine((d) => d.strategy === 'incremental' || d.watermarkColumn === null, {
    message: 'Only incremental syncs use a timestamp column.',
    path: ['watermarkColumn'],
  });
export type SyncDraft = z.infer<typeof SyncDraft>;
