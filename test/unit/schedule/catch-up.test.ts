import { describe, expect, it } from 'vitest';
import { planTick } from '../../../shared/schedule';
import { Schedule, type CatchUp } from '../../../shared/schemas';

const hourly = Schedule.parse({ kind: 'interval', minutes: 60 });
const last = new Date('2026-02-03T00:00:00Z');
const hours = (n: number, extraMs = 0) => new Date(last.getTime() + n * 3_600_000 + extraMs);

/**
 * [missed slots, policy, now, expected plan]: an hourly schedule whose last handled slot is
 * 00:00. "0 missed" is a slot reached on time; 1 and 8 are a laptop that slept past them.
 */
const table: Array<[number, CatchUp, Date, { action: string; missed?: number; slot?: string; next: string }]> = [
  [0, 'once', hours(0, 30 * 60_000), { action: 'wait', next: '2026-02-03T01:00:00.000Z' }],
  [0, 'once', hours(1, 2_000), { action: 'run', missed: 0, slot: '2026-02-03T01:00:00.000Z', next: '2026-02-03T02:00:00.000Z' }],
  [0, 'skip', hours(1, 2_000), { action: 'run', missed: 0, slot: '2026-02-03T01:00:00.000Z', next: '2026-02-03T02:00:00.000Z' }],
  [1, 'once', hours(1, 20 * 60_000), { action: 'run', missed: 1, slot: '2026-02-03T01:00:00.000Z', next: '2026-02-03T02:00:00.000Z' }],
  [1, 'skip', hours(1, 20 * 60_000), { action: 'skip', missed: 1, slot: '2026-02-03T01:00:00.000Z', next: '2026-02-03T02:00:00.000Z' }],
  [8, 'once', hours(8, 14 * 60_000), { action: 'run', missed: 8, slot: '2026-02-03T08:00:00.000Z', next: '2026-02-03T09:00:00.000Z' }],
  [8, 'skip', hours(8, 14 * 60_000), { action: 'skip', missed: 8, slot: '2026-02-03T08:00:00.000Z', next: '2026-02-03T09:00:00.000Z' }],
  // Waking just as a slot comes due: the earlier slots were missed, the current one runs on time, whatever the policy.
  [7, 'skip', hours(8, 10_000), { action: 'run', missed: 7, slot: '2026-02-03T08:00:00.000Z', next: '2026-02-03T09:00:00.000Z' }],
];

describe('catch-up policy: missed slots × policy', () => {
  it.each(table)('%i missed, policy %s', (_missed, policy, now, expected) => {
    const plan = planTick(hourly, last, now, policy);
    expect({
      action: plan.action,
      ...(plan.action === 'wait' ? {} : { missed: plan.missed, slot: plan.slot.toISOString() }),
      next: plan.next?.toISOString(),
    }).toEqual(expected);
  });

  it('a laptop that wakes after 8 hours runs once, and the following look finds nothing due', () => {
    const wake = hours(8, 14 * 60_000);
    const first = planTick(hourly, last, wake, 'once');
    expect(first).toMatchObject({ action: 'run', missed: 8 });
    const again = planTick(hourly, first.action === 'run' ? first.slot : null, new Date(wake.getTime() + 15_000), 'once');
    expect(again.action).toBe('wait');
  });

  it('counts a month of missed minutes up to the cap, and still finds the latest slot', () => {
    const everyMinute = Schedule.parse({ kind: 'cron', expression: '* * * * *', timezone: 'UTC' });
    const plan = planTick(everyMinute, last, new Date(last.getTime() + 30 * 86_400_000 + 30_000), 'once');
    expect(plan).toMatchObject({ action: 'run', missed: 1_000 });
    expect(plan.action !== 'wait' && plan.slot.toISOString()).toBe('2026-03-05T00:00:00.000Z');
  });

  it('a once schedule runs once when overdue and then never again', () => {
    const once = Schedule.parse({ kind: 'once', at: '2026-02-03T05:00', timezone: 'UTC' });
    const plan = planTick(once, last, hours(9), 'once');
    expect(plan).toMatchObject({ action: 'run', missed: 1, next: null });
    expect(planTick(once, plan.action === 'run' ? plan.slot : null, hours(10), 'once')).toEqual({ action: 'wait', next: null });
  });
});
