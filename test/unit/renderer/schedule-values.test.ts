import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../../shared/schemas';
import {
  defaultScheduleValues,
  readSchedule,
  scheduleValues,
  timeZoneChoices,
  toggled,
  upcomingRuns,
  wallClock,
  type ScheduleValues,
} from '../../../renderer/src/features/syncs/schedule-values';

const NOW = new Date('2026-02-03T08:17:42Z');
const values = (over: Partial<ScheduleValues>): ScheduleValues => ({ ...defaultScheduleValues(NOW, 'Europe/Berlin'), ...over });
const errorsOf = (over: Partial<ScheduleValues>) => readSchedule(values(over)).errors;

describe('schedule editor values ⇄ Schedule', () => {
  const EVERY_KIND: Schedule[] = [
    { kind: 'manual' },
    { kind: 'interval', minutes: 15, catchUp: 'skip' },
    { kind: 'interval', minutes: 60, catchUp: 'once' },
    { kind: 'every', every: 1, unit: 'minutes', startAt: '2026-02-03T09:00', timezone: 'Europe/Berlin', catchUp: 'once' },
    { kind: 'every', every: 2, unit: 'weeks', startAt: '2026-01-05T07:30', timezone: 'America/New_York', catchUp: 'skip' },
    { kind: 'weekly', days: [1, 3, 5], at: '09:00', timezone: 'Europe/Berlin', catchUp: 'once' },
    { kind: 'weekly', days: [5, 0], at: '23:59', timezone: 'Asia/Tokyo', catchUp: 'skip' },
    { kind: 'monthly', dates: [1, 15, 'last'], at: '06:00', timezone: 'UTC', catchUp: 'once' },
    { kind: 'cron', expression: '0 6 * * *', timezone: 'Europe/London', catchUp: 'once' },
    { kind: 'cron', expression: '*/5 9-17 * * 1-5', timezone: 'Australia/Sydney', catchUp: 'skip' },
    { kind: 'once', at: '2026-03-01T12:00', timezone: 'Europe/Berlin', catchUp: 'once' },
  ];

  it.each(EVERY_KIND.map((s) => [s.kind, s] as const))('a saved %s schedule loads and saves back unchanged', (_kind, schedule) => {
    const loaded = scheduleValues(schedule, NOW, 'Europe/Berlin');
    expect(loaded.kind).toBe(schedule.kind);
    expect(readSchedule(loaded)).toEqual({ schedule, errors: null });
  });

  it('legacy interval and cron schedules keep their kind and fields, and an edit changes only what was edited', () => {
    const interval = scheduleValues({ kind: 'interval', minutes: 30, catchUp: 'once' }, NOW, 'Europe/Berlin');
    expect(interval).toMatchObject({ kind: 'interval', minutes: '30', timezone: 'Europe/Berlin' });
    expect(readSchedule({ ...interval, catchUp: 'skip' }).schedule).toEqual({ kind: 'interval', minutes: 30, catchUp: 'skip' });
    expect(readSchedule({ ...interval, minutes: '45' }).schedule).toEqual({ kind: 'interval', minutes: 45, catchUp: 'once' });

    const cron = scheduleValues({ kind: 'cron', expression: '30 2 * * 0', timezone: 'America/Chicago', catchUp: 'skip' }, NOW, 'Europe/Berlin');
    expect(cron).toMatchObject({ kind: 'cron', expression: '30 2 * * 0', timezone: 'America/Chicago', catchUp: 'skip' });
    expect(readSchedule({ ...cron, timezone: 'Europe/Paris' }).schedule).toEqual({ kind: 'cron', expression: '30 2 * * 0', timezone: 'Europe/Paris', catchUp: 'skip' });
  });

  it('switching kinds and back keeps what was typed', () => {
    const v = values({ kind: 'cron', expression: '15 * * * *' });
    const there = { ...v, kind: 'weekly' as const, days: [2] };
    expect(readSchedule({ ...there, kind: 'cron' }).schedule).toEqual({ kind: 'cron', expression: '15 * * * *', timezone: 'Europe/Berlin', catchUp: 'once' });
  });

  it('a new schedule starts manual, in the given zone, on the hour, with missed runs run once', () => {
    const v = defaultScheduleValues(NOW, 'Europe/Berlin');
    expect(v).toMatchObject({ kind: 'manual', timezone: 'Europe/Berlin', startAt: '2026-02-03T09:00', onceAt: '2026-02-04T09:00', catchUp: 'once', every: '1' });
    expect(wallClock(NOW, 'America/New_York')).toBe('2026-02-03T03:17');
  });

  it('every kind the editor offers reads as its schedule', () => {
    expect(readSchedule(values({ kind: 'every', every: '1', unit: 'minutes' })).schedule).toEqual({
      kind: 'every',
      every: 1,
      unit: 'minutes',
      startAt: '2026-02-03T09:00',
      timezone: 'Europe/Berlin',
      catchUp: 'once',
    });
    expect(readSchedule(values({ kind: 'weekly', days: [1, 2, 3, 4, 5], at: '08:30', catchUp: 'skip' })).schedule).toEqual({
      kind: 'weekly',
      days: [1, 2, 3, 4, 5],
      at: '08:30',
      timezone: 'Europe/Berlin',
      catchUp: 'skip',
    });
    expect(readSchedule(values({ kind: 'monthly', dates: ['last'], at: '18:00' })).schedule).toEqual({
      kind: 'monthly',
      dates: ['last'],
      at: '18:00',
      timezone: 'Europe/Berlin',
      catchUp: 'once',
    });
    expect(readSchedule(values({ kind: 'once', onceAt: '2026-02-10T14:45', timezone: ' Asia/Kolkata ' })).schedule).toEqual({
      kind: 'once',
      at: '2026-02-10T14:45',
      timezone: 'Asia/Kolkata',
      catchUp: 'once',
    });
    expect(readSchedule(values({ kind: 'manual', expression: 'nonsense', timezone: 'Mars/Olympus' })).schedule).toEqual({ kind: 'manual' });
  });
});

describe('schedule problems, each at its field', () => {
  it('refuses a cron expression that is not one, at the expression', () => {
    expect(errorsOf({ kind: 'cron', expression: 'every tuesday please' })).toEqual({ expression: expect.stringContaining('five fields') });
    expect(errorsOf({ kind: 'cron', expression: '61 * * * *' })).toEqual({ expression: expect.stringContaining('not a valid cron expression') });
    expect(errorsOf({ kind: 'cron', expression: '0 0 30 2 *' })).toEqual({ expression: expect.stringContaining('never fires') });
    expect(errorsOf({ kind: 'cron', expression: '  ' })).toEqual({ expression: expect.stringContaining('Write a cron expression') });
  });

  it('refuses an unknown time zone, at the time zone, for every zoned kind', () => {
    for (const kind of ['every', 'weekly', 'monthly', 'cron', 'once'] as const) {
      expect(errorsOf({ kind, timezone: 'Mars/Olympus' })).toEqual({ timezone: expect.stringContaining('Unknown time zone') });
    }
    expect(errorsOf({ kind: 'cron', timezone: '' })).toEqual({ timezone: 'Choose a time zone.' });
  });

  it('refuses intervals under a minute, fractions and words, at the number', () => {
    expect(errorsOf({ kind: 'every', every: '0', unit: 'minutes' })).toEqual({ every: 'Enter a whole number of minutes, 1 or more.' });
    expect(errorsOf({ kind: 'every', every: '1.5', unit: 'hours' })).toEqual({ every: 'Enter a whole number of hours, 1 or more.' });
    expect(errorsOf({ kind: 'every', every: 'ten' })).toEqual({ every: expect.stringContaining('whole number') });
    expect(errorsOf({ kind: 'every', every: '1001' })).toEqual({ every: 'At most 1,000 hours.' });
    expect(errorsOf({ kind: 'interval', minutes: '0' })).toEqual({ minutes: 'Enter a whole number of minutes, 1 or more.' });
    expect(errorsOf({ kind: 'every', every: '1', unit: 'minutes' })).toBeNull();
  });

  it('refuses no days, no dates, a time of day that is not one, and dates that do not exist', () => {
    expect(errorsOf({ kind: 'weekly', days: [] })).toEqual({ days: 'Choose at least one day.' });
    expect(errorsOf({ kind: 'monthly', dates: [] })).toEqual({ dates: 'Choose at least one date.' });
    expect(errorsOf({ kind: 'weekly', at: '25:00' })).toEqual({ at: expect.stringContaining('time of day') });
    expect(errorsOf({ kind: 'once', onceAt: '2026-02-30T09:00' })).toEqual({ onceAt: 'That date does not exist.' });
    expect(errorsOf({ kind: 'once', onceAt: '' })).toEqual({ onceAt: expect.stringContaining('date and time') });
    expect(errorsOf({ kind: 'every', startAt: '2026-02-03' })).toEqual({ startAt: expect.stringContaining('date and time') });
  });

  it('a time the clocks skip (a DST change) is accepted and shown as the time it will really run', () => {
    const reading = readSchedule(values({ kind: 'once', onceAt: '2026-03-29T02:30' }));
    expect(reading.errors).toBeNull();
    expect(upcomingRuns(reading.schedule!, NOW, 5).map((r) => r.text)).toEqual(['Sun 29 Mar 03:30 Europe/Berlin']);
  });
});

describe('the next runs shown as the user edits', () => {
  it('every 1 minute: the next five minutes, in plain words in the schedule’s zone', () => {
    const { schedule } = readSchedule(values({ kind: 'every', every: '1', unit: 'minutes', timezone: 'Europe/Berlin' }));
    const runs = upcomingRuns(schedule!, NOW, 5);
    expect(runs.map((r) => r.at.toISOString())).toEqual([
      '2026-02-03T08:18:00.000Z',
      '2026-02-03T08:19:00.000Z',
      '2026-02-03T08:20:00.000Z',
      '2026-02-03T08:21:00.000Z',
      '2026-02-03T08:22:00.000Z',
    ]);
    expect(runs[0]!.text).toBe('Tue 3 Feb 09:18 Europe/Berlin');
  });

  it('weekdays at 09:00 skip the weekend; the last day of the month is each month’s own', () => {
    const weekly = readSchedule(values({ kind: 'weekly', days: [1, 2, 3, 4, 5], at: '09:00', timezone: 'UTC' })).schedule!;
    expect(upcomingRuns(weekly, NOW, 5).map((r) => r.text)).toEqual([
      'Tue 3 Feb 09:00 UTC',
      'Wed 4 Feb 09:00 UTC',
      'Thu 5 Feb 09:00 UTC',
      'Fri 6 Feb 09:00 UTC',
      'Mon 9 Feb 09:00 UTC',
    ]);
    const monthly = readSchedule(values({ kind: 'monthly', dates: ['last'], at: '18:00', timezone: 'UTC' })).schedule!;
    expect(upcomingRuns(monthly, NOW, 3).map((r) => r.text)).toEqual(['Sat 28 Feb 18:00 UTC', 'Tue 31 Mar 18:00 UTC', 'Thu 30 Apr 18:00 UTC']);
  });

  it('a legacy interval is shown in the fallback zone; a once in the past has no runs', () => {
    const interval = readSchedule(values({ kind: 'interval', minutes: '15' })).schedule!;
    expect(upcomingRuns(interval, NOW, 2, 'America/New_York').map((r) => r.text)).toEqual(['Tue 3 Feb 03:30 America/New_York', 'Tue 3 Feb 03:45 America/New_York']);
    const past = readSchedule(values({ kind: 'once', onceAt: '2026-01-01T09:00' })).schedule!;
    expect(upcomingRuns(past, NOW, 5)).toEqual([]);
  });
});

describe('editor helpers', () => {
  it('toggles days and dates in calendar order, the last day last', () => {
    expect(toggled([5, 1], 3)).toEqual([1, 3, 5]);
    expect(toggled([1, 3, 5], 3)).toEqual([1, 5]);
    expect(toggled<number | 'last'>(['last', 1], 31)).toEqual([1, 31, 'last']);
  });

  it('offers every zone the runtime knows, with UTC, sorted', () => {
    const zones = timeZoneChoices();
    expect(zones).toContain('UTC');
    expect(zones).toContain('Europe/Berlin');
    expect(zones).not.toContain('Mars/Olympus');
    expect([...zones].sort((a, b) => a.localeCompare(b))).toEqual(zones);
  });
});
