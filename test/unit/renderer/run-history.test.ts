import { afterEach, describe, expect, it } from 'vitest';
import type { Run } from '../../../shared/schemas';
import {
  chartPoints,
  durationSummary,
  durationUnit,
  endOfDay,
  HISTORY_LIMIT,
  isFiltered,
  mostRows,
  niceTicks,
  NO_FILTERS,
  rangeProblem,
  rowsSummary,
  startOfDay,
  timeAxisFormat,
  toRunQuery,
} from '../../../renderer/src/features/runs/run-history';
import { duration, durationMs, formatDuration, phaseText } from '../../../renderer/src/features/runs/run-labels';

const SYNC = '6f1c2b9e-3d4a-4c5b-8e7f-0a1b2c3d4e5f';

let n = 0;
function run(over: Omit<Partial<Run>, 'counters'> & { counters?: Partial<Run['counters']> } = {}): Run {
  n += 1;
  const { counters, ...rest } = over;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    syncId: SYNC,
    status: 'succeeded',
    trigger: 'manual',
    dryRun: false,
    queuedAt: '2025-02-03T09:00:00.000Z',
    startedAt: '2025-02-03T09:00:01.000Z',
    finishedAt: '2025-02-03T09:00:04.500Z',
    counters: { read: 0, sent: 0, rejected: 0, unchanged: 0, skipped: 0, deleted: 0, maybeDuplicated: 0, bytesSent: 0, ...counters },
    queryId: null,
    retryOf: null,
    error: null,
    note: null,
    scheduledFor: null,
    ...rest,
  };
}

describe('the history filters as a run query', () => {
  it('sends only what narrows the list, with the limit', () => {
    expect(toRunQuery(NO_FILTERS)).toEqual({ limit: HISTORY_LIMIT });
    expect(toRunQuery(NO_FILTERS, 50)).toEqual({ limit: 50 });
    expect(toRunQuery({ ...NO_FILTERS, syncId: SYNC })).toEqual({ limit: HISTORY_LIMIT, syncId: SYNC });
  });

  it('sends statuses in a fixed order, once each; every status ticked is no filter', () => {
    expect(toRunQuery({ ...NO_FILTERS, statuses: ['failed', 'succeeded', 'failed'] }).statuses).toEqual(['succeeded', 'failed']);
    const all = ['queued', 'running', 'succeeded', 'partially_succeeded', 'failed', 'cancelled', 'skipped'] as const;
    expect(toRunQuery({ ...NO_FILTERS, statuses: [...all] }).statuses).toBeUndefined();
    expect(toRunQuery({ ...NO_FILTERS, statuses: [] }).statuses).toBeUndefined();
  });

  it('turns the picked days into local midnight at the start and the last millisecond of the end day', () => {
    const query = toRunQuery({ ...NO_FILTERS, since: '2025-02-03', until: '2025-02-05' });
    expect(query.since).toBe(new Date(2025, 1, 3).toISOString());
    expect(query.until).toBe(new Date(new Date(2025, 1, 6).getTime() - 1).toISOString());
    // One day both ways is that whole day.
    const day = toRunQuery({ ...NO_FILTERS, since: '2025-02-03', until: '2025-02-03' });
    expect(Date.parse(day.until!) - Date.parse(day.since!)).toBe(24 * 3_600_000 - 1);
  });

  it('leaves out a day that is not a date', () => {
    expect(toRunQuery({ ...NO_FILTERS, since: '2025-02-30', until: 'soon' })).toEqual({ limit: HISTORY_LIMIT });
    expect(startOfDay('2025-02-30')).toBeNull();
    expect(startOfDay('2024-02-29')).toEqual(new Date(2024, 1, 29));
    expect(startOfDay('3 Feb')).toBeNull();
  });

  it('says what is wrong with a range that cannot be asked for', () => {
    expect(rangeProblem(NO_FILTERS)).toBeNull();
    expect(rangeProblem({ ...NO_FILTERS, since: '2025-02-03', until: '2025-02-03' })).toBeNull();
    expect(rangeProblem({ ...NO_FILTERS, since: '2025-02-04', until: '2025-02-03' })).toMatch(/after/);
    expect(rangeProblem({ ...NO_FILTERS, since: '2025-13-01' })).toMatch(/not a date/);
  });

  it('knows when anything is filtered', () => {
    expect(isFiltered(NO_FILTERS)).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, statuses: ['failed'] })).toBe(true);
    expect(isFiltered({ ...NO_FILTERS, until: '2025-02-03' })).toBe(true);
  });

  describe('across a daylight-saving change (Europe/Berlin)', () => {
    const tz = process.env.TZ;
    afterEach(() => {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    });

    it('a 23-hour and a 25-hour day are each whole', () => {
      process.env.TZ = 'Europe/Berlin';
      expect(startOfDay('2025-03-30')!.toISOString()).toBe('2025-03-29T23:00:00.000Z');
      expect(endOfDay('2025-03-30')!.toISOString()).toBe('2025-03-30T21:59:59.999Z');
      expect(endOfDay('2025-10-26')!.getTime() - startOfDay('2025-10-26')!.getTime()).toBe(25 * 3_600_000 - 1);
    });
  });
});

describe('durations', () => {
  it('runs from start to finish, or to now while running; none before it started', () => {
    expect(durationMs('2025-02-03T09:00:01.000Z', '2025-02-03T09:00:04.500Z')).toBe(3500);
    expect(durationMs('2025-02-03T09:00:01.000Z', null, Date.parse('2025-02-03T09:01:01.000Z'))).toBe(60_000);
    expect(durationMs(null, null)).toBeNull();
    // A clock set back never makes a negative duration.
    expect(durationMs('2025-02-03T09:00:01.000Z', '2025-02-03T09:00:00.000Z')).toBe(0);
  });

  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [999.6, '1.0 s'],
    [3500, '3.5 s'],
    [59_960, '1 min 0 s'],
    [119_600, '2 min 0 s'],
    [185_000, '3 min 5 s'],
    [3_599_700, '1 h 0 min'],
    [7_620_000, '2 h 7 min'],
  ])('%d ms reads as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows a dash for a run that never started', () => {
    expect(duration(null, null)).toBe('—');
    expect(duration('2025-02-03T09:00:01.000Z', '2025-02-03T09:00:04.500Z')).toBe('3.5 s');
  });
});

describe('chart data from the listed runs', () => {
  const newestFirst = [
    run({ status: 'running', queuedAt: '2025-02-03T11:00:00.000Z', startedAt: '2025-02-03T11:00:00.000Z', finishedAt: null, counters: { sent: 10 } }),
    run({ status: 'skipped', queuedAt: '2025-02-03T10:30:00.000Z', startedAt: null, finishedAt: '2025-02-03T10:30:00.000Z' }),
    run({ status: 'partially_succeeded', queuedAt: '2025-02-03T10:00:00.000Z', startedAt: '2025-02-03T10:00:01.000Z', finishedAt: '2025-02-03T10:00:03.000Z', counters: { sent: 1, rejected: 1, unchanged: 1998 } }),
    run({ queuedAt: '2025-02-03T09:00:00.000Z', counters: { sent: 2000 } }),
  ];
  const now = Date.parse('2025-02-03T11:00:30.000Z');

  it('has one point per run, oldest first, with its rows and its duration', () => {
    const points = chartPoints(newestFirst, now);
    expect(points).toHaveLength(newestFirst.length);
    expect(points.map((p) => p.id)).toEqual([...newestFirst].reverse().map((r) => r.id));
    expect(points[0]).toMatchObject({ sent: 2000, rejected: 0, unchanged: 0, durationMs: 3500, status: 'succeeded', running: false });
    expect(points[1]).toMatchObject({ sent: 1, rejected: 1, unchanged: 1998, durationMs: 2000 });
    // Never started: no duration, placed at when it was queued.
    expect(points[2]).toMatchObject({ status: 'skipped', durationMs: null, at: '2025-02-03T10:30:00.000Z' });
    // Still running: its duration so far.
    expect(points[3]).toMatchObject({ running: true, durationMs: 30_000, sent: 10 });
  });

  it('orders by time even when the list comes in another order', () => {
    const points = chartPoints([...newestFirst].reverse(), now);
    expect(points.map((p) => p.at)).toEqual([...points.map((p) => p.at)].sort());
    expect(chartPoints([])).toEqual([]);
  });

  it('counts durations in a unit that suits the longest run', () => {
    const at = (ms: number) => [{ ...chartPoints([run()])[0]!, durationMs: ms }];
    expect(durationUnit([])).toMatchObject({ name: 'ms', divisor: 1 });
    expect(durationUnit(at(800))).toMatchObject({ name: 'ms' });
    expect(durationUnit(at(3500))).toMatchObject({ name: 's', divisor: 1000, label: 'Duration (s)' });
    expect(durationUnit(at(30 * 60_000))).toMatchObject({ name: 'min', divisor: 60_000 });
    expect(durationUnit(at(3 * 3_600_000))).toMatchObject({ name: 'h' });
  });

  it.each([
    [20_000, {}, [0, 5000, 10_000, 15_000, 20_000]],
    [20_022, {}, [0, 5000, 10_000, 15_000, 20_000, 25_000]],
    [500, { integers: true }, [0, 100, 200, 300, 400, 500]],
    [510, { integers: true }, [0, 200, 400, 600]],
    [2, { integers: true }, [0, 1, 2]],
    [1, { integers: true }, [0, 1]],
    [10.6, {}, [0, 2.5, 5, 7.5, 10, 12.5]],
    [9.5, {}, [0, 2, 4, 6, 8, 10]],
    [0.8, {}, [0, 0.2, 0.4, 0.6, 0.8]],
    [0, {}, [0, 1]],
  ])('axis ticks for a largest value of %d (%o): %o', (max, options, ticks) => {
    expect(niceTicks(max, options)).toEqual(ticks);
  });

  it('the rows axis reaches the tallest stack', () => {
    const points = chartPoints(newestFirst, now);
    expect(mostRows(points)).toBe(2000);
    expect(mostRows([])).toBe(0);
  });

  it('shows rows a run never delivered as not sent, apart from rejected, and the axis reaches them', () => {
    // A destination that could not be reached: 3,000 rows read, none delivered, none refused.
    const unreachable = run({ status: 'failed', counters: { read: 3000, skipped: 3000 } });
    const [point] = chartPoints([unreachable], now);
    expect(point).toMatchObject({ sent: 0, rejected: 0, unchanged: 0, notSent: 3000 });
    expect(mostRows([point!])).toBe(3000);
    expect(rowsSummary([point!])).toBe(`1 run, oldest first: 0 rows sent, 0 rejected, 0 unchanged, ${(3000).toLocaleString()} not sent in all.`);
  });

  it('names runs on the time axis by the span they cover', () => {
    const points = (...times: string[]) => times.map((t) => ({ ...chartPoints([run()])[0]!, at: t }));
    expect(timeAxisFormat(points('2025-02-03T09:00:00Z', '2025-02-03T09:00:20Z'))).toHaveProperty('second');
    expect(timeAxisFormat(points('2025-02-03T09:00:00Z', '2025-02-03T15:00:00Z'))).not.toHaveProperty('second');
    expect(timeAxisFormat(points('2025-02-01T09:00:00Z', '2025-02-03T09:00:00Z'))).toHaveProperty('day');
  });

  it('sums each chart up in a sentence for screen readers', () => {
    const points = chartPoints(newestFirst, now);
    expect(rowsSummary(points)).toBe(`4 runs, oldest first: ${(2011).toLocaleString()} rows sent, 1 rejected, ${(1998).toLocaleString()} unchanged, 0 not sent in all.`);
    expect(durationSummary(points)).toBe('4 runs, oldest first: shortest 2.0 s, longest 30.0 s; 1 run never started.');
    expect(durationSummary([])).toBe('0 runs, oldest first: none started.');
  });
});

describe('a run in flight in words', () => {
  it('says what a wait is for, and names other phases', () => {
    expect(phaseText({ phase: 'waiting', message: 'Waiting for the network: Snowflake did not answer.' })).toBe('Waiting for the network: Snowflake did not answer.');
    expect(phaseText({ phase: 'waiting' })).toBe('Waiting for the network');
    expect(phaseText({ phase: 'delivering', message: 'ignored' })).toBe('Delivering');
  });
});
