import { formatRunTime, localTimeZone, scheduleTimeZone, slotsAfter } from '../../../../shared/schedule';
import { preferredTimeZone } from '../settings/preferred-zone';
import { Schedule, type CatchUp, type RepeatUnit } from '../../../../shared/schemas';

export type ScheduleKind = Schedule['kind'];
export type MonthDate = number | 'last';

/**
 * The schedule editor's values: every kind's fields at once, so switching kinds and back keeps
 * what was typed. Numbers and times stay text until they are read, as the inputs hold them.
 */
export interface ScheduleValues {
  kind: ScheduleKind;
  /** every: N units from a start date and time. */
  every: string;
  unit: RepeatUnit;
  startAt: string;
  /** weekly: 0 = Sunday. */
  days: number[];
  /** monthly: dates of the month, `last` for the month's last day. */
  dates: MonthDate[];
  /** weekly and monthly: the time of day, 24-hour. */
  at: string;
  /** once: a date and time. */
  onceAt: string;
  /** cron: five fields. */
  expression: string;
  /** interval (schedules made before the editor had kinds): every N minutes on the clock. */
  minutes: string;
  timezone: string;
  catchUp: CatchUp;
}

export type ScheduleField = keyof ScheduleValues;
export type ScheduleErrors = Partial<Record<ScheduleField, string>>;

/** A wall-clock date and time in a zone, as the schedule and a datetime-local input write it: `2026-02-03T09:00`. */
export function wallClock(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/** What a new schedule starts from: on the hour, in the default zone from Settings (else the machine's), run once after missed slots. */
export function defaultScheduleValues(now: Date = new Date(), timezone: string = preferredTimeZone()): ScheduleValues {
  const today = wallClock(now, timezone);
  const tomorrow = wallClock(new Date(now.getTime() + 86_400_000), timezone);
  return {
    kind: 'manual',
    every: '1',
    unit: 'hours',
    startAt: `${today.slice(0, 13)}:00`,
    days: [1, 2, 3, 4, 5],
    dates: [1],
    at: '09:00',
    onceAt: `${tomorrow.slice(0, 10)}T09:00`,
    expression: '0 9 * * 1-5',
    minutes: '60',
    timezone,
    catchUp: 'once',
  };
}

/** A saved schedule in the editor: its own fields filled in, the other kinds' at their defaults. */
export function scheduleValues(schedule: Schedule, now: Date = new Date(), fallbackZone: string = preferredTimeZone()): ScheduleValues {
  const base = defaultScheduleValues(now, scheduleTimeZone(schedule, fallbackZone));
  switch (schedule.kind) {
    case 'manual':
      return base;
    case 'interval':
      return { ...base, kind: 'interval', minutes: String(schedule.minutes), catchUp: schedule.catchUp };
    case 'every':
      return { ...base, kind: 'every', every: String(schedule.every), unit: schedule.unit, startAt: schedule.startAt, catchUp: schedule.catchUp };
    case 'weekly':
      return { ...base, kind: 'weekly', days: [...schedule.days], at: schedule.at, catchUp: schedule.catchUp };
    case 'monthly':
      return { ...base, kind: 'monthly', dates: [...schedule.dates], at: schedule.at, catchUp: schedule.catchUp };
    case 'cron':
      return { ...base, kind: 'cron', expression: schedule.expression, catchUp: schedule.catchUp };
    case 'once':
      return { ...base, kind: 'once', onceAt: schedule.at, catchUp: schedule.catchUp };
    default: {
      const never: never = schedule;
      throw new Error(`Unknown schedule ${JSON.stringify(never)}`);
    }
  }
}

const whole = (text: string): number => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** The object the schema is asked about: the chosen kind's fields only. */
export function scheduleInput(v: ScheduleValues): unknown {
  const timezone = v.timezone.trim();
  switch (v.kind) {
    case 'manual':
      return { kind: 'manual' };
    case 'interval':
      return { kind: 'interval', minutes: whole(v.minutes), catchUp: v.catchUp };
    case 'every':
      return { kind: 'every', every: whole(v.every), unit: v.unit, startAt: v.startAt, timezone, catchUp: v.catchUp };
    case 'weekly':
      return { kind: 'weekly', days: v.days, at: v.at, timezone, catchUp: v.catchUp };
    case 'monthly':
      return { kind: 'monthly', dates: v.dates, at: v.at, timezone, catchUp: v.catchUp };
    case 'cron':
      return { kind: 'cron', expression: v.expression, timezone, catchUp: v.catchUp };
    case 'once':
      return { kind: 'once', at: v.onceAt, timezone, catchUp: v.catchUp };
    default: {
      const never: never = v.kind;
      throw new Error(`Unknown schedule kind ${String(never)}`);
    }
  }
}

/** Range checks said in the editor's words before the schema's (which speaks of `<=1000`). */
function numberProblems(v: ScheduleValues): ScheduleErrors {
  const check = (text: string, max: number, unit: string): string | undefined => {
    const n = whole(text);
    if (!Number.isInteger(n) || n < 1) return `Enter a whole number of ${unit}, 1 or more.`;
    if (n > max) return `At most ${max.toLocaleString('en-GB')} ${unit}.`;
    return undefined;
  };
  if (v.kind === 'every') {
    const problem = check(v.every, 1000, v.unit);
    return problem ? { every: problem } : {};
  }
  if (v.kind === 'interval') {
    const problem = check(v.minutes, 60 * 24 * 31, 'minutes');
    return problem ? { minutes: problem } : {};
  }
  return {};
}

/** The schema's name for a field → the editor's (a once schedule's `at` is a date and time). */
function fieldOf(kind: ScheduleKind, key: PropertyKey | undefined): ScheduleField | null {
  if (key === 'at' && kind === 'once') return 'onceAt';
  const known: readonly ScheduleField[] = ['every', 'unit', 'startAt', 'days', 'dates', 'at', 'expression', 'minutes', 'timezone', 'catchUp'];
  return known.find((k) => k === key) ?? null;
}

export type ScheduleReading = { schedule: Schedule; errors: null } | { schedule: null; errors: ScheduleErrors };

/**
 * The editor's values read as a schedule, by the same schema core saves with: the schedule, or
 * each problem at its field. A wall-clock time the zone's clocks skip (a DST change) runs at the
 * time the clocks show instead, as the preview says; one with no instant at all is refused.
 */
export function readSchedule(v: ScheduleValues): ScheduleReading {
  const numbers = numberProblems(v);
  if (Object.keys(numbers).length) return { schedule: null, errors: numbers };
  const parsed = Schedule.safeParse(scheduleInput(v));
  if (!parsed.success) {
    const errors: ScheduleErrors = {};
    for (const issue of parsed.error.issues) {
      const field = fieldOf(v.kind, issue.path[0]) ?? 'kind';
      errors[field] ??= issue.message;
    }
    return { schedule: null, errors };
  }
  const schedule = parsed.data;
  if (schedule.kind === 'every' || schedule.kind === 'once') {
    try {
      slotsAfter(schedule, new Date(0), 1);
    } catch {
      const field = schedule.kind === 'every' ? 'startAt' : 'onceAt';
      return { schedule: null, errors: { [field]: `That time does not exist in ${schedule.timezone}. Choose another.` } };
    }
  }
  return { schedule, errors: null };
}

export interface UpcomingRun {
  at: Date;
  text: string;
}

/** The next `count` runs after `now`, in the schedule's zone ("Mon 3 Feb 09:00 Europe/Berlin"). */
export function upcomingRuns(schedule: Schedule, now: Date, count = 5, fallbackZone: string = localTimeZone()): UpcomingRun[] {
  const zone = scheduleTimeZone(schedule, fallbackZone);
  return slotsAfter(schedule, now, count).map((at) => ({ at, text: formatRunTime(at, zone) }));
}

/** Every IANA zone this runtime knows, sorted, with UTC and the machine's own zone always there. */
export function timeZoneChoices(): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...known, 'UTC', localTimeZone()])].sort((a, b) => a.localeCompare(b));
}

/** A day or date toggled in a chosen list, kept in calendar order. */
export function toggled<T extends MonthDate>(list: readonly T[], item: T): T[] {
  const next = list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
  const rank = (x: MonthDate) => (x === 'last' ? 32 : x);
  return next.sort((a, b) => rank(a) - rank(b));
}
