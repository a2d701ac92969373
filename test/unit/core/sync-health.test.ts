import { describe, expect, it } from 'vitest';
import { healthOf } from '../../../electron/core/handlers/sync-overview';
import { healthChange } from '../../../electron/core/notifications/health-change';
import type { Run } from '../../../shared/schemas';

const prefs = { notifyOnFailure: true, notifyOnRecovery: true, notifyOnRejected: true, rejectedThresholdPercent: 5 };
const counters = (read: number, sent: number, rejected = 0, unchanged = 0, skipped = 0) => ({ read, sent, rejected, unchanged, skipped, deleted: 0, maybeDuplicated: 0, bytesSent: 0 });
const run = (status: Run['status'], c = counters(0, 0)): Run => ({
  id: '00000000-0000-4000-8000-000000000001',
  syncId: '00000000-0000-4000-8000-000000000002',
  status,
  trigger: 'schedule',
  dryRun: false,
  queuedAt: '2026-02-03T08:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  counters: c,
  queryId: null,
  retryOf: null,
  error: status === 'failed' ? { code: 'http_401', message: 'The endpoint refused the token.', remedy: 'Enter a new token.' } : null,
  note: null,
  scheduledFor: null,
});

describe('health: share of rows delivered over recent runs', () => {
  it.each([
    ['no runs: blank', [], null],
    ['only skipped ticks and empty runs: blank', [run('skipped'), run('succeeded', counters(0, 0))], null],
    ['everything sent', [run('succeeded', counters(100, 100))], 1],
    ['unchanged rows need no sending', [run('succeeded', counters(100, 10, 0, 90))], 1],
    ['rejected rows count against it', [run('partially_succeeded', counters(100, 60, 40))], 0.6],
    ['a failed run’s unsent rows count against it', [run('succeeded', counters(100, 100)), run('failed', counters(100, 0, 0, 0, 100))], 0.5],
  ])('%s', (_what, runs, expected) => {
    expect(healthOf(runs as Run[]).health).toBe(expected);
  });
});

describe('notifications: one per change of state, not one per run', () => {
  it('fails once, stays quiet while failing, then recovers once', () => {
    let state = { failing: false, rejecting: false };
    const said: string[] = [];
    for (const r of [run('failed'), run('failed'), run('failed'), run('succeeded', counters(10, 10)), run('succeeded', counters(10, 10))]) {
      const change = healthChange('Users to CRM', state, r, prefs);
      state = change.next;
      said.push(...change.notify.map((n) => `${n.kind}: ${n.title}`));
    }
    expect(said).toEqual(['failed: Users to CRM failed', 'recovered: Users to CRM recovered']);
  });

  it('names the error and its remedy in a failure', () => {
    const { notify } = healthChange('S', { failing: false, rejecting: false }, run('failed'), prefs);
    expect(notify[0]?.body).toBe('The endpoint refused the token. Enter a new token.');
  });

  it('rejected rows above the threshold notify once, below do not', () => {
    const above = healthChange('S', { failing: false, rejecting: false }, run('partially_succeeded', counters(100, 90, 10)), prefs);
    expect(above.notify.map((n) => n.kind)).toEqual(['rejected']);
    expect(above.notify[0]?.body).toMatch(/10% of the rows read were rejected \(your threshold is 5%\)/);
    expect(healthChange('S', above.next, run('partially_succeeded', counters(100, 80, 20)), prefs).notify).toEqual([]);
    expect(healthChange('S', { failing: false, rejecting: false }, run('partially_succeeded', counters(100, 96, 4)), prefs).notify).toEqual([]);
  });

  it('respects the preferences: nothing said for what the user turned off, but the state still moves', () => {
    const off = { ...prefs, notifyOnFailure: false };
    const failed = healthChange('S', { failing: false, rejecting: false }, run('failed'), off);
    expect(failed).toEqual({ next: { failing: true, rejecting: false }, notify: [] });
    expect(healthChange('S', failed.next, run('succeeded', counters(1, 1)), off).notify.map((n) => n.kind)).toEqual(['recovered']);
  });

  it('ignores runs that did not finish (skipped, cancelled)', () => {
    expect(healthChange('S', { failing: true, rejecting: false }, run('skipped'), prefs)).toEqual({ next: { failing: true, rejecting: false }, notify: [] });
    expect(healthChange('S', { failing: true, rejecting: false }, run('cancelled'), prefs).notify).toEqual([]);
  });
});
