import type { Schedule } from '../schemas/sync';
import { cronJob } from './cron';

const MINUTE = 60_000;
const DAY_MS = 86_400_000;

/** The instant a wall-clock time has in a time zone (croner does the zone and DST work). */
export function instantOf(localDateTime: string, timezone: string): Date {
  const at = cronJob(`${localDateTime}:00`, timezone).nextRun(new Date(Date.UTC(1971, 0, 1)));
  if (!at) throw new Error(`${localDateTime} does not exist in ${timezone}.`);
  return at;
}

/** The calendar date an instant falls on in a time zone, as days since 1970-01-01. */
function localDay(at: Date, timezone: string): number {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(at)
    .split('-')
    .map(Number);
  return Date.UTC(y!, m! - 1, d!) / DAY_MS;
}

const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The cron pattern of the kinds that are a time of day on chosen days. */
function patternOf(schedule: Extract<Schedule, { kind: 'weekly' | 'monthly' }>): string {
  const [hh, mm] = schedule.at.split(':').map(Number);
  if (schedule.kind === 'weekly') return `${mm} ${hh} * * ${[...new Set(schedule.days)].sort().join(',')}`;
  const dates = [...new Set(schedule.dates)].map((d) => (d === 'last' ? 'L' : String(d)));
  return `${mm} ${hh} ${dates.join(',')} * *`;
}

/** Slots of a fixed period from an anchor: the first strictly after `after`. */
function periodicAfter(anchor: number, period: number, after: Date): Date {
  const t = after.getTime();
  if (t < anchor) return new Date(anchor);
  return new Date(anchor + (Math.floor((t - anchor) / period) + 1) * period);
}

/**
 * Every N days or weeks at the start's wall-clock time: the dates N (or 7·N) calendar days apart
 * from the start date, so 09:00 stays 09:00 across DST changes.
 */
function calendarAfter(schedule: Extract<Schedule, { kind: 'every' }>, after: Date): Date {
  const step = schedule.unit === 'weeks' ? 7 * schedule.every : schedule.every;
  const [startDate, time] = schedule.startAt.split('T') as [string, string];
  const startDay = Date.parse(`${startDate}T00:00:00Z`) / DAY_MS;
  let day = Math.max(startDay, startDay + Math.ceil((localDay(after, schedule.timezone) - startDay) / step) * step);
  for (;;) {
    const at = instantOf(`${isoDay(day)}T${time}`, schedule.timezone);
    if (at.getTime() > after.getTime()) return at;
    day += step;
  }
}

/**
 * The schedule's slot arithmetic, parsed once: `next(after)` is the first slot strictly after
 * `after`, or null when the schedule has no more (manual, a once that has passed).
 */
export function stepper(schedule: Schedule): (after: Date) => Date | null {
  switch (schedule.kind) {
    case 'manual':
      return () => null;
    case 'interval':
      return (after) => periodicAfter(0, schedule.minutes * MINUTE, after);
    case 'every': {
      if (schedule.unit === 'days' || schedule.unit === 'weeks') return (after) => calendarAfter(schedule, after);
      const period = schedule.every * (schedule.unit === 'minutes' ? MINUTE : 60 * MINUTE);
      const anchor = instantOf(schedule.startAt, schedule.timezone).getTime();
      return (after) => periodicAfter(anchor, period, after);
    }
    case 'weekly':
    case 'monthly': {
      const job = cronJob(patternOf(schedule), schedule.timezone);
      return (after) => job.nextRun(after);
    }
    case 'cron': {
      const job = cronJob(schedule.expression.trim().split(/\s+/).join(' '), schedule.timezone);
      return (after) => job.nextRun(after);
    }
    case 'once': {
      const at = instantOf(schedule.at, schedule.timezone);
      return (after) => (at.getTime() > after.getTime() ? at : null);
    }
    default: {
      const never: never = schedule;
      throw new Error(`Unknown schedule ${JSON.stringify(never)}`);
    }
  }
}

/** The first slot strictly after `after`. */
export function slotAfter(schedule: Schedule, after: Date): Date | null {
  return stepper(schedule)(after);
}

/** The next `count` slots strictly after `after` (fewer when the schedule ends). */
export function slotsAfter(schedule: Schedule, after: Date, count: number): Date[] {
  const next = stepper(schedule);
  const out: Date[] = [];
  let cursor: Date | null = after;
  while (out.length < count && (cursor = next(cursor))) out.push(cursor);
  return out;
}
