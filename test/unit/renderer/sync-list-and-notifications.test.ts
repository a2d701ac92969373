import { describe, expect, it, vi } from 'vitest';
import type { Notification, Sync } from '../../../shared/schemas';

// The stores' calls to core: the sync form saves, notifications list and mark read.
const calls: Array<[string, unknown]> = [];
vi.mock('../../../renderer/src/lib/api', () => ({
  floe: {
    syncs: { create: async (draft: unknown) => (calls.push(['syncs.create', draft]), draft), update: async (input: unknown) => (calls.push(['syncs.update', input]), input) },
    notifications: { list: async () => [], markRead: async (input: unknown) => (calls.push(['notifications.markRead', input]), { updated: 1 }) },
    on: () => () => undefined,
  },
  toIpcError: (e: unknown) => e,
  unwrap: async (v: unknown) => v,
}));
const { localProblems, toDraft, useSyncForm } = await import('../../../renderer/src/features/syncs/sync-form-store');
const { formatHealth, healthLevel } = await import('../../../renderer/src/features/syncs/health');
const { relativeTime } = await import('../../../renderer/src/components/time-ago');
const { unreadOf, useNotifications, withNotification } = await import('../../../renderer/src/features/notifications/notifications-store');
const { readThreshold } = await import('../../../renderer/src/features/settings/preferences-cards');

const sync = (schedule: Sync['schedule']): Sync => ({
  id: 's1',
  name: 'Events',
  connectionId: 'c1',
  destinationId: 'd1',
  dataType: 'records',
  query: 'SELECT * FROM EVENTS',
  strategy: 'full',
  watermarkColumn: null,
  primaryKey: [],
  mapping: { rules: [], passThrough: true },
  schedule,
  rowLimit: 40_000_000,
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const form = () => useSyncForm.getState();

describe('the sync form’s schedule', () => {
  it.each([
    { kind: 'interval', minutes: 15, catchUp: 'once' },
    { kind: 'cron', expression: '0 6 * * 1-5', timezone: 'America/New_York', catchUp: 'skip' },
    { kind: 'weekly', days: [0, 6], at: '10:00', timezone: 'Europe/Berlin', catchUp: 'once' },
  ] satisfies Sync['schedule'][])('a saved sync with a $kind schedule saves it back unchanged', async (schedule) => {
    calls.length = 0;
    form().edit(sync(schedule));
    expect(toDraft(form()).schedule).toEqual(schedule);
    await form().save();
    expect(calls).toEqual([['syncs.update', { id: 's1', draft: expect.objectContaining({ schedule }) }]]);
  });

  it('an edit in the schedule editor is what is saved', () => {
    form().edit(sync({ kind: 'interval', minutes: 15, catchUp: 'once' }));
    form().setSchedule({ kind: 'every', every: '1', unit: 'minutes', startAt: '2026-02-03T09:00', timezone: 'UTC' });
    expect(toDraft(form()).schedule).toEqual({ kind: 'every', every: 1, unit: 'minutes', startAt: '2026-02-03T09:00', timezone: 'UTC', catchUp: 'once' });
  });

  it('nothing invalid is saved: a bad cron or time zone keeps the form open and never reaches core', async () => {
    calls.length = 0;
    form().edit(sync({ kind: 'cron', expression: '0 6 * * *', timezone: 'UTC', catchUp: 'once' }));
    form().setSchedule({ expression: 'every tuesday please' });
    expect(localProblems(form()).schedule).toContain('five fields');
    expect(await form().save()).toBeNull();
    form().setSchedule({ expression: '0 6 * * *', timezone: 'Mars/Olympus' });
    expect(await form().save()).toBeNull();
    expect(form().errors.schedule).toContain('Unknown time zone');
    expect(form().open).toBe(true);
    expect(calls).toEqual([]);
    form().setSchedule({ timezone: 'UTC' });
    expect(form().errors.schedule).toBeUndefined();
  });

  it('a new sync starts manual in the machine’s time zone', () => {
    form().start({});
    expect(form().schedule).toMatchObject({ kind: 'manual', catchUp: 'once', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone });
    expect(toDraft(form()).schedule).toEqual({ kind: 'manual' });
  });
});

describe('the sync list', () => {
  it('health: 100 % green, 50–99.9 % yellow, under 50 % red, blank with no data; never rounded up to 100 %', () => {
    expect([1, 0.9999, 0.5, 0.4999, 0, null].map(healthLevel)).toEqual(['good', 'fair', 'fair', 'poor', 'poor', null]);
    expect([1, 0.9999, 0.5, 0.29, 0.875, 0, null].map(formatHealth)).toEqual(['100 %', '99.9 %', '50 %', '29 %', '87.5 %', '0 %', '']);
  });

  it('says when in plain relative words, past tense for what happened', () => {
    const now = Date.parse('2026-02-03T09:00:00Z');
    expect(relativeTime('2026-02-03T08:57:00Z', now)).toBe('3 minutes ago');
    expect(relativeTime('2026-02-03T08:58:10Z', now)).toBe('1 minute ago');
    expect(relativeTime('2026-02-03T08:59:40Z', now)).toBe('just now');
    expect(relativeTime('2026-02-03T09:00:30Z', now)).toBe('in under a minute');
    expect(relativeTime('2026-02-03T11:00:00Z', now)).toBe('in 2 hours');
    expect(relativeTime('2026-02-02T08:00:00Z', now)).toBe('yesterday');
    // A run that finished after the page last looked at the clock still happened: it is not "in under a minute".
    expect(relativeTime('2026-02-03T09:00:20Z', now, { past: true })).toBe('just now');
    expect(relativeTime('2026-02-03T08:57:00Z', now, { past: true })).toBe('3 minutes ago');
  });
});

describe('notifications', () => {
  const n = (id: number, at: string, read = false): Notification => ({ id, at, kind: 'failed', syncId: 's1', runId: 'r1', title: `#${id}`, body: '', read });

  it('a pushed notification goes to the top once, and counts as unread', () => {
    const list = [n(2, '2026-02-03T09:02:00Z'), n(1, '2026-02-03T09:01:00Z', true)];
    const next = withNotification(list, n(3, '2026-02-03T09:03:00Z'));
    expect(next.map((x) => x.id)).toEqual([3, 2, 1]);
    expect(withNotification(next, n(3, '2026-02-03T09:03:00Z')).map((x) => x.id)).toEqual([3, 2, 1]);
    expect(unreadOf(next)).toBe(2);
  });

  it('marks one or all read, at once and in core', async () => {
    calls.length = 0;
    useNotifications.setState({ items: [n(2, '2026-02-03T09:02:00Z'), n(1, '2026-02-03T09:01:00Z')] });
    await useNotifications.getState().markRead([2]);
    expect(unreadOf(useNotifications.getState().items)).toBe(1);
    await useNotifications.getState().markRead();
    expect(unreadOf(useNotifications.getState().items)).toBe(0);
    expect(calls).toEqual([
      ['notifications.markRead', { ids: [2] }],
      ['notifications.markRead', {}],
    ]);
  });

  it('the rejected-rows threshold is a percentage from 0 to 100', () => {
    expect(readThreshold('5')).toEqual({ value: 5, error: null });
    expect(readThreshold('0,5')).toEqual({ value: 0.5, error: null });
    expect(readThreshold('101').error).toContain('0 to 100');
    expect(readThreshold('').error).toContain('0 to 100');
    expect(readThreshold('lots').error).toContain('0 to 100');
  });
});
