import type { Schedule } from '../schemas/sync';
import { instantOf } from './slots';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const plural = (n: number, unit: string): string => (n === 1 ? unit : `${n} ${unit}s`);

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** A run time as people read it, in the schedule's zone: "Mon 3 Feb 09:00 Europe/Berlin". */
export function formatRunTime(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const year = part('year') === String(new Date().getUTCFullYear()) ? '' : ` ${part('year')}`;
  return `${part('weekday')} ${part('day')} ${part('month')}${year} ${part('hour')}:${part('minute')} ${timezone}`;
}

/** The zone a schedule's times are shown in: its own, or UTC for the epoch-anchored interval. */
export function scheduleTimeZone(schedule: Schedule, fallback: string): string {
  return 'timezone' in schedule ? schedule.timezone : fallback;
}

/** The schedule in words, for lists and the tray: "Every 15 minutes", "Weekdays at 09:00 (Europe/Berlin)". */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'manual':
      return 'Manual (Run now only)';
    case 'interval':
      // The largest whole unit reads best: 10080 minutes is "every week", not "every 168 hours".
      if (schedule.minutes % 10_080 === 0) return `Every ${plural(schedule.minutes / 10_080, 'week')}`;
      if (schedule.minutes % 1440 === 0) return `Every ${plural(schedule.minutes / 1440, 'day')}`;
      return schedule.minutes % 60 === 0 ? `Every ${plural(schedule.minutes / 60, 'hour')}` : `Every ${plural(schedule.minutes, 'minute')}`;
    case 'every': {
      const unit = schedule.unit.slice(0, -1);
      const from = formatRunTime(instantOf(schedule.startAt, schedule.timezone), schedule.timezone);
      return `Every ${plural(schedule.every, unit)} from ${from}`;
    }
    case 'weekly': {
      const days = [...new Set(schedule.days)].sort();
      const which =
        days.length === 7 ? 'Every day' : days.join() === '1,2,3,4,5' ? 'Weekdays' : days.join() === '0,6' ? 'Weekends' : `${list(days.map((d) => DAY_NAMES[d]!))}`;
      return `${which} at ${schedule.at} (${schedule.timezone})`;
    }
    case 'monthly': {
      const dates = [...new Set(schedule.dates)].sort((a, b) => (a === 'last' ? 32 : a) - (b === 'last' ? 32 : b));
      return `On the ${list(dates.map((d) => (d === 'last' ? 'last day' : ordinal(d))))} of each month at ${schedule.at} (${schedule.timezone})`;
    }
    case 'cron':
      return `Cron ${schedule.expression.trim()} (${schedule.timezone})`;
    case 'once':
      return `Once, ${formatRunTime(instantOf(schedule.at, schedule.timezone), schedule.timezone)}`;
    default: {
      const never: never = schedule;
      throw new Error(`Unknown schedule ${JSON.stringify(never)}`);
    }
  }
}
