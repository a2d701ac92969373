import { z } from 'zod';
import { isTimeZone } from '../schedule/time-zone';
import { Id, Timestamp } from './common';
import { Run } from './run';

/**
 * A sync as the list shows it (seed 001's import listing): where it stands, its schedule in
 * words with the next run, its last run, and health.
 */
export const SyncStatus = z.enum(['running', 'waiting', 'scheduled', 'paused', 'draft', 'manual', 'failing', 'finished']);
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncOverview = z.object({
  syncId: Id,
  status: SyncStatus,
  /** The status in words: "Runs every 15 minutes", "Paused", "Failing since Mon 3 Feb 09:00". */
  statusText: z.string(),
  schedule: z.string(),
  nextRunAt: Timestamp.nullable(),
  /** The next run in the schedule's time zone, in words ("Mon 3 Feb 09:00 Europe/Berlin"); null when none. */
  nextRunText: z.string().nullable(),
  lastRun: Run.nullable(),
  /** The live run, if one is queued or running (in any process). */
  activeRunId: Id.nullable(),
  /**
   * Share of rows delivered over the last runs (sent ÷ (sent + rejected) across the last 10
   * finished runs that read rows; failed runs count their unsent rows as not delivered), 0–1;
   * null when there is no data yet.
   */
  health: z.number().min(0).max(1).nullable(),
  healthRuns: z.number().int().nonnegative(),
});
export type SyncOverview = z.infer<typeof SyncOverview>;

export const Notification = z.object({
  id: z.number().int(),
  at: Timestamp,
  kind: z.enum(['failed', 'recovered', 'rejected']),
  syncId: Id.nullable(),
  runId: Id.nullable(),
  title: z.string(),
  body: z.string(),
  read: z.boolean(),
});
export type Notification = z.infer<typeof Notification>;

/** An IANA zone new schedules start in; null follows this computer's zone. */
const DefaultTimeZone = z
  .string()
  .trim()
  .refine(isTimeZone, { message: 'Unknown time zone: use an IANA name such as Europe/Berlin or America/New_York.' })
  .nullable();

/** The user's preferences (Settings): which events notify, the desktop app's behaviour, defaults. */
export const Preferences = z.object({
  notifyOnFailure: z.boolean().default(true),
  notifyOnRecovery: z.boolean().default(true),
  notifyOnRejected: z.boolean().default(true),
  /** Rows rejected above this share of the rows a run read (percent) notify. */
  rejectedThresholdPercent: z.number().min(0).max(100).default(5),
  /** Desktop app: start Floe (in the tray) when the user logs in. */
  startAtLogin: z.boolean().default(false),
  /** Desktop app: the once-only "Floe keeps running in the tray" explanation was shown. */
  trayExplained: z.boolean().default(false),
  /** The time zone a new sync's schedule starts in (null: this computer's). */
  defaultTimeZone: DefaultTimeZone.default(null),
});
export type Preferences = z.infer<typeof Preferences>;

/**
 * A change to some preferences. Not `Preferences.partial()`: zod fills the defaults of fields
 * left out, so saving one switch would reset every other preference.
 */
export const PreferencesChange = z
  .object({
    notifyOnFailure: z.boolean(),
    notifyOnRecovery: z.boolean(),
    notifyOnRejected: z.boolean(),
    rejectedThresholdPercent: z.number().min(0).max(100),
    startAtLogin: z.boolean(),
    trayExplained: z.boolean(),
    defaultTimeZone: DefaultTimeZone,
  } satisfies Record<keyof Preferences, z.ZodType>)
  .partial()
  .strict();
export type PreferencesChange = z.infer<typeof PreferencesChange>;
