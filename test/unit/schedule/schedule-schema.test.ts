import { describe, expect, it } from 'vitest';
import { describeSchedule, formatRunTime } from '../../../shared/schedule';
import { Schedule, SyncFile } from '../../../shared/schemas';

const problem = (input: unknown) => {
  const parsed = Schedule.safeParse(input);
  return parsed.success ? null : { path: parsed.error.issues[0]!.path.join('.'), message: parsed.error.issues[0]!.message };
};

describe('schedules refused before they are saved', () => {
  it.each([
    ['a sentence for a cron', { kind: 'cron', expression: 'every tuesday please', timezone: 'UTC' }, 'expression', /five fields/],
    ['six fields', { kind: 'cron', expression: '0 0 9 * * *', timezone: 'UTC' }, 'expression', /five fields.*has 6/],
    ['a minute of 61', { kind: 'cron', expression: '61 9 * * *', timezone: 'UTC' }, 'expression', /not a valid cron expression/],
    ['a date that never comes', { kind: 'cron', expression: '0 0 30 2 *', timezone: 'UTC' }, 'expression', /never fires/],
    ['an unknown time zone', { kind: 'cron', expression: '0 9 * * *', timezone: 'Mars/Olympus' }, 'timezone', /Unknown time zone/],
    ['an interval under a minute', { kind: 'interval', minutes: 0 }, 'minutes', /at most once a minute/],
    ['every 0 hours', { kind: 'every', every: 0, unit: 'hours', startAt: '2026-02-03T09:00', timezone: 'UTC' }, 'every', /at most once a minute/],
    ['no days chosen', { kind: 'weekly', days: [], at: '09:00', timezone: 'UTC' }, 'days', /at least one day/],
    ['a time of 25:00', { kind: 'weekly', days: [1], at: '25:00', timezone: 'UTC' }, 'at', /time of day/],
    ['a date that does not exist', { kind: 'once', at: '2026-02-30T09:00', timezone: 'UTC' }, 'at', /does not exist/],
  ])('%s', (_what, input, path, message) => {
    expect(problem(input)).toMatchObject({ path, message: expect.stringMatching(message) });
  });

  it('sync files with the old shapes import unchanged, with the default catch-up', () => {
    const file = (schedule: unknown) => SyncFile.parse({ name: 'n', connection: 'c', destination: 'd', query: 'select 1', schedule }).schedule;
    expect(file({ kind: 'manual' })).toEqual({ kind: 'manual' });
    expect(file({ kind: 'interval', minutes: 15 })).toEqual({ kind: 'interval', minutes: 15, catchUp: 'once' });
    expect(file({ kind: 'cron', expression: '0 6 * * *', timezone: 'Europe/Paris' })).toEqual({ kind: 'cron', expression: '0 6 * * *', timezone: 'Europe/Paris', catchUp: 'once' });
    expect(() => file({ kind: 'cron', expression: 'every tuesday please', timezone: 'Mars/Olympus' })).toThrow();
  });
});

describe('schedules in words', () => {
  it.each([
    [{ kind: 'manual' }, 'Manual (Run now only)'],
    [{ kind: 'interval', minutes: 15 }, 'Every 15 minutes'],
    [{ kind: 'interval', minutes: 60 }, 'Every hour'],
    [{ kind: 'interval', minutes: 36 * 60 }, 'Every 36 hours'],
    [{ kind: 'interval', minutes: 1440 }, 'Every day'],
    [{ kind: 'interval', minutes: 3 * 1440 }, 'Every 3 days'],
    [{ kind: 'interval', minutes: 10_080 }, 'Every week'],
    [{ kind: 'interval', minutes: 2 * 10_080 }, 'Every 2 weeks'],
    [{ kind: 'weekly', days: [5, 1, 2, 3, 4], at: '09:00', timezone: 'Europe/Berlin' }, 'Weekdays at 09:00 (Europe/Berlin)'],
    [{ kind: 'weekly', days: [1, 3], at: '18:30', timezone: 'UTC' }, 'Monday and Wednesday at 18:30 (UTC)'],
    [{ kind: 'monthly', dates: ['last', 1, 15], at: '06:00', timezone: 'UTC' }, 'On the 1st, 15th and last day of each month at 06:00 (UTC)'],
    [{ kind: 'cron', expression: '*/5 * * * *', timezone: 'UTC' }, 'Cron */5 * * * * (UTC)'],
  ])('%j → %s', (input, words) => {
    expect(describeSchedule(Schedule.parse(input))).toBe(words);
  });

  it('shows a run time in the schedule’s zone, as people read it', () => {
    expect(formatRunTime(new Date('2027-02-01T08:00:00Z'), 'Europe/Berlin')).toBe('Mon 1 Feb 2027 09:00 Europe/Berlin');
    const thisYear = new Date(Date.UTC(new Date().getUTCFullYear(), 1, 3, 8));
    expect(formatRunTime(thisYear, 'Europe/Berlin')).toMatch(/^\w{3} 3 Feb 09:00 Europe\/Berlin$/);
  });
});
