import { describe, expect, it } from 'vitest';
import { nextRun, slotsAfter } from '../../../shared/schedule';
import { Schedule } from '../../../shared/schemas';

const s = (input: unknown): Schedule => Schedule.parse(input);
const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString().replace('.000Z', 'Z') ?? null;

const berlin = { timezone: 'Europe/Berlin' };
const newYork = { timezone: 'America/New_York' };

/** [what, schedule, lastRun, now, expected next run (UTC)] */
const table: Array<[string, Schedule, string | null, string, string | null]> = [
  ['manual never runs', s({ kind: 'manual' }), null, '2026-02-03T08:00:00Z', null],
  ['interval: the next multiple of 15 minutes', s({ kind: 'interval', minutes: 15 }), '2026-02-03T08:00:00Z', '2026-02-03T08:07:00Z', '2026-02-03T08:15:00Z'],
  ['interval: overdue after a sleep gives the first missed slot', s({ kind: 'interval', minutes: 60 }), '2026-02-03T01:00:00Z', '2026-02-03T09:30:00Z', '2026-02-03T02:00:00Z'],
  ['interval: without a last run, the first slot after now', s({ kind: 'interval', minutes: 1 }), null, '2026-02-03T08:00:30Z', '2026-02-03T08:01:00Z'],
  ['cron weekdays 09:00 Berlin from a Friday evening → Monday', s({ kind: 'cron', expression: '0 9 * * 1-5', ...berlin }), '2026-02-06T08:00:00Z', '2026-02-06T18:00:00Z', '2026-02-09T08:00:00Z'],
  // DST, spring forward (Berlin 2026-03-29 02:00 → 03:00): 02:30 does not exist that day; it runs at 03:00.
  ['DST spring forward: a missing time runs at the first valid one', s({ kind: 'weekly', days: [0, 1, 2, 3, 4, 5, 6], at: '02:30', ...berlin }), '2026-03-28T01:30:00Z', '2026-03-28T12:00:00Z', '2026-03-29T01:00:00Z'],
  ['DST spring forward: 09:00 stays 09:00 local (07:00 UTC after)', s({ kind: 'weekly', days: [0, 1, 2, 3, 4, 5, 6], at: '09:00', ...berlin }), '2026-03-28T08:00:00Z', '2026-03-28T12:00:00Z', '2026-03-29T07:00:00Z'],
  // DST, fall back (Berlin 2026-10-25 03:00 → 02:00): 02:30 happens twice; it runs once, at the first.
  ['DST fall back: a doubled time runs once', s({ kind: 'weekly', days: [0, 1, 2, 3, 4, 5, 6], at: '02:30', ...berlin }), '2026-10-24T00:30:00Z', '2026-10-24T12:00:00Z', '2026-10-25T00:30:00Z'],
  ['DST fall back: and not again in the repeated hour', s({ kind: 'weekly', days: [0, 1, 2, 3, 4, 5, 6], at: '02:30', ...berlin }), '2026-10-25T00:30:00Z', '2026-10-25T01:15:00Z', '2026-10-26T01:30:00Z'],
  ['DST in New York: every day at 09:00 stays 09:00 local', s({ kind: 'every', every: 1, unit: 'days', startAt: '2026-03-01T09:00', ...newYork }), '2026-03-07T14:00:00Z', '2026-03-07T20:00:00Z', '2026-03-08T13:00:00Z'],
  ['every 6 hours runs by elapsed time across DST', s({ kind: 'every', every: 6, unit: 'hours', startAt: '2026-03-28T00:00', ...berlin }), '2026-03-28T23:00:00Z', '2026-03-29T00:00:00Z', '2026-03-29T05:00:00Z'],
  ['every 2 weeks from a Monday', s({ kind: 'every', every: 2, unit: 'weeks', startAt: '2026-02-02T09:00', ...berlin }), '2026-02-02T08:00:00Z', '2026-02-03T08:00:00Z', '2026-02-16T08:00:00Z'],
  ['every 3 days before the start waits for the start', s({ kind: 'every', every: 3, unit: 'days', startAt: '2026-05-01T06:00', ...berlin }), null, '2026-04-01T00:00:00Z', '2026-05-01T04:00:00Z'],
  // Month ends.
  ['the 31st skips months without one', s({ kind: 'monthly', dates: [31], at: '00:00', timezone: 'UTC' }), '2026-01-31T00:00:00Z', '2026-02-01T00:00:00Z', '2026-03-31T00:00:00Z'],
  ['the last day of February', s({ kind: 'monthly', dates: ['last'], at: '18:00', timezone: 'UTC' }), '2026-01-31T18:00:00Z', '2026-02-10T00:00:00Z', '2026-02-28T18:00:00Z'],
  ['the last day of a leap February', s({ kind: 'monthly', dates: ['last'], at: '18:00', timezone: 'UTC' }), '2028-01-31T18:00:00Z', '2028-02-10T00:00:00Z', '2028-02-29T18:00:00Z'],
  ['the 1st and the last day: month end rolls to the 1st', s({ kind: 'monthly', dates: [1, 'last'], at: '12:00', timezone: 'UTC' }), '2026-04-30T12:00:00Z', '2026-04-30T13:00:00Z', '2026-05-01T12:00:00Z'],
  // Leap days.
  ['29 February waits for a leap year', s({ kind: 'cron', expression: '0 9 29 2 *', timezone: 'UTC' }), '2024-02-29T09:00:00Z', '2025-01-01T00:00:00Z', '2028-02-29T09:00:00Z'],
  ['every day across a leap day', s({ kind: 'every', every: 1, unit: 'days', startAt: '2028-02-01T10:00', timezone: 'UTC' }), '2028-02-28T10:00:00Z', '2028-02-28T12:00:00Z', '2028-02-29T10:00:00Z'],
  // A clock set backwards: the last run looks in the future; the schedule continues from now.
  ['clock set back a day: next slot after now, not after the future last run', s({ kind: 'interval', minutes: 60 }), '2026-02-04T09:00:00Z', '2026-02-03T09:10:00Z', '2026-02-03T10:00:00Z'],
  ['clock set back an hour on a weekly schedule', s({ kind: 'weekly', days: [2], at: '09:00', ...berlin }), '2026-02-03T08:00:00Z', '2026-02-03T07:30:00Z', '2026-02-03T08:00:00Z'],
  // Once.
  ['once, not yet run', s({ kind: 'once', at: '2026-02-03T09:00', ...berlin }), null, '2026-02-01T00:00:00Z', '2026-02-03T08:00:00Z'],
  ['once, overdue after a sleep, still due', s({ kind: 'once', at: '2026-02-03T09:00', ...berlin }), '2026-02-01T00:00:00Z', '2026-02-04T00:00:00Z', '2026-02-03T08:00:00Z'],
  ['once, after it ran, never again', s({ kind: 'once', at: '2026-02-03T09:00', ...berlin }), '2026-02-03T08:00:00Z', '2026-02-04T00:00:00Z', null],
];

describe('nextRun(schedule, lastRun, now)', () => {
  it.each(table)('%s', (_what, schedule, lastRun, now, expected) => {
    expect(iso(nextRun(schedule, lastRun ? at(lastRun) : null, at(now)))).toBe(expected);
  });

  it('is pure: the same inputs give the same answer', () => {
    const schedule = s({ kind: 'cron', expression: '*/5 * * * *', timezone: 'UTC' });
    const args = [schedule, at('2026-02-03T08:00:00Z'), at('2026-02-03T08:01:00Z')] as const;
    expect(iso(nextRun(...args))).toBe(iso(nextRun(...args)));
  });
});

describe('slotsAfter: the next five run times the editor shows', () => {
  it('lists weekday mornings, skipping the weekend', () => {
    const slots = slotsAfter(s({ kind: 'weekly', days: [1, 2, 3, 4, 5], at: '09:00', ...berlin }), at('2026-02-05T12:00:00Z'), 5);
    expect(slots.map((d) => d.toISOString())).toEqual([
      '2026-02-06T08:00:00Z', '2026-02-09T08:00:00Z', '2026-02-10T08:00:00Z', '2026-02-11T08:00:00Z', '2026-02-12T08:00:00Z',
    ].map((x) => new Date(x).toISOString()));
  });

  it('stops when the schedule ends (once)', () => {
    expect(slotsAfter(s({ kind: 'once', at: '2026-02-03T09:00', ...berlin }), at('2026-02-01T00:00:00Z'), 5)).toHaveLength(1);
  });
});
