import { z } from 'zod';
import { cronProblem } from '../schedule/cron';
import { isTimeZone } from '../schedule/time-zone';
import { DisplayName, Id, Timestamp } from './common';

/** Five fields (minute hour day-of-month month day-of-week), checked by croner, and one that fires. */
const CronExpression = z
  .string()
  .trim()
  .min(1, 'Write a cron expression, e.g. 0 9 * * 1-5.')
  .superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const Strategy = z.enum(['full', 'incremental', 'diff', 'cdc-append', 'cdc-mirror']);
export type Strategy = z.infer<typeof Strategy>;

const TimeZone = z
  .string()
  .trim()
  .min(1, 'Choose a time zone.')
  .refine(isTimeZone, { message: 'Unknown time zone: use an IANA name such as Europe/Berlin or America/New_York.' });
/** 2026-02-30 is refused: Date.parse would quietly read it as 2 March. */
function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 2000 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
/** A wall-clock date and time in the schedule's time zone: `2026-02-03T09:00`. */
const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Give a date and time like 2026-02-03T09:00.')
  .refine(isCalendarDate, { message: 'That date does not exist.' });
/** A time of day, 24-hour: `09:00`. */
const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Give a time of day like 09:00 (24-hour).');

/** What happens to slots that passed while the computer slept or Floe was closed. */
export const CatchUp = z.enum(['once', 'skip']);
export type CatchUp = z.infer<typeof CatchUp>;
const catchUp = CatchUp.default('once');

export const RepeatUnit = z.enum(['minutes', 'hours', 'days', 'weeks']);
export type RepeatUnit = z.infer<typeof RepeatUnit>;

/**
 * When a sync runs. `manual`, `interval` and `cron` are the shapes sync files have always had
 * and keep importing unchanged; `every`, `weekly`, `monthly` and `once` are seed 001's options.
 * Every scheduled kind has a time zone (the machine's by default) and a catch-up policy.
 */
export const Schedule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  /** Every N minutes, on the multiples of N since the Unix epoch (every 15 → :00, :15, :30, :45). */
  z.object({ kind: z.literal('interval'), minutes: z.number().int().min(1, 'Syncs can run at most once a minute.').max(60 * 24 * 31), catchUp }),
  /** Every N units from a start time: minutes and hours by elapsed time, days and weeks by the wall clock. */
  z.object({
    kind: z.literal('every'),
    every: z.number().int().min(1, 'Syncs can run at most once a minute.').max(1000),
    unit: RepeatUnit,
    startAt: LocalDateTime,
    timezone: TimeZone,
    catchUp,
  }),
  /** Chosen days of the week (0 = Sunday) at a time of day. */
  z.object({
    kind: z.literal('weekly'),
    days: z.array(z.number().int().min(0).max(6)).min(1, 'Choose at least one day.').max(7),
    at: TimeOfDay,
    timezone: TimeZone,
    catchUp,
  }),
  /** Chosen dates of the month (`last` = the month's last day) at a time of day. */
  z.object({
    kind: z.literal('monthly'),
    dates: z.array(z.union([z.number().int().min(1).max(31), z.literal('last')])).min(1, 'Choose at least one date.').max(32),
    at: TimeOfDay,
    timezone: TimeZone,
    catchUp,
  }),
  z.object({ kind: z.literal('cron'), expression: CronExpression, timezone: TimeZone, catchUp }),
  /** Once, at a date and time. */
  z.object({ kind: z.literal('once'), at: LocalDateTime, timezone: TimeZone, catchUp }),
]);
export type Schedule = z.infer<typeof Schedule>;

/** How a value is converted on its way to the destination. */
export const FieldType = z.enum(['auto', 'string', 'number', 'integer', 'boolean', 'timestamp', 'epoch-ms', 'json']);
export type FieldType = z.infer<typeof FieldType>;

/**
 * Names that would reach an object's prototype where the engine builds payloads (`__proto__.x`
 * in an imported sync file would pollute Object.prototype): never a field name.
 */
export const UNSAFE_FIELD_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
export const UNSAFE_FIELD_MESSAGE = '__proto__, constructor and prototype cannot be field names: rename the field.';
const safePath = (path: string): boolean => path.split('.').every((part) => !UNSAFE_FIELD_NAMES.has(part));

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
      .regex(/^[^.]+(\.[^.]+)*$/, 'Use dots only between field names, e.g. user_properties.plan.')
      .refine(safePath, UNSAFE_FIELD_MESSAGE),
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
    .refine(safePath, UNSAFE_FIELD_MESSAGE)
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
