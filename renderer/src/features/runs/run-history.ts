import type { Run, RunQuery, RunStatus } from '../../../../shared/schemas';
import { count, durationMs, formatDuration } from './run-labels';

/** How many runs the history lists (and charts) at once; narrower filters reach further back. */
export const HISTORY_LIMIT = 200;

/** The statuses in the order the filter offers them: outcomes first, then runs not yet finished. */
export const FILTER_STATUSES: readonly RunStatus[] = ['succeeded', 'partially_succeeded', 'failed', 'cancelled', 'skipped', 'running', 'queued'];

export interface HistoryFilters {
  /** One sync's runs, or every sync's (null). */
  syncId: string | null;
  /** Runs in any of these statuses; none picked means every status. */
  statuses: RunStatus[];
  /** Local calendar days as <input type="date"> gives them (YYYY-MM-DD), '' for no bound; both days included. */
  since: string;
  until: string;
  /** Words to find in the sync's name, the run's error or note, or the start of its id; '' for none. */
  search: string;
}

export const NO_FILTERS: HistoryFilters = { syncId: null, statuses: [], since: '', until: '', search: '' };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight at the start of a calendar day; null when the text is not a real day. */
export function startOfDay(day: string): Date | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const [year, month, date] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const start = new Date(year, month, date);
  // new Date rolls 2025-02-30 over to 2 March: that is not a day someone picked.
  return start.getFullYear() === year && start.getMonth() === month && start.getDate() === date ? start : null;
}

/** The last millisecond of a local calendar day (the next local midnight less 1 ms, so 23- and 25-hour days hold). */
export function endOfDay(day: string): Date | null {
  const start = startOfDay(day);
  return start && new Date(new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1).getTime() - 1);
}

/** Why these filters cannot be asked for, or null. */
export function rangeProblem(filters: HistoryFilters): string | null {
  if (filters.since && !startOfDay(filters.since)) return 'The “from” day is not a date: pick one from the calendar.';
  if (filters.until && !startOfDay(filters.until)) return 'The “to” day is not a date: pick one from the calendar.';
  if (filters.since && filters.until && filters.since > filters.until) return 'The “from” day is after the “to” day: swap them or clear one.';
  return null;
}

export const isFiltered = (filters: HistoryFilters) =>
  filters.syncId !== null || filters.statuses.length > 0 || filters.since !== '' || filters.until !== '' || filters.search.trim() !== '';

/** The history's filters as core's run query: only what narrows the list is sent. */
export function toRunQuery(filters: HistoryFilters, limit = HISTORY_LIMIT): RunQuery {
  const query: RunQuery = { limit };
  if (filters.syncId) query.syncId = filters.syncId;
  const statuses = FILTER_STATUSES.filter((s) => filters.statuses.includes(s));
  // Every status picked is the same as none picked: no filter.
  if (statuses.length > 0 && statuses.length < FILTER_STATUSES.length) query.statuses = statuses;
  const since = filters.since ? startOfDay(filters.since) : null;
  const until = filters.until ? endOfDay(filters.until) : null;
  if (since) query.since = since.toISOString();
  if (until) query.until = until.toISOString();
  const search = filters.search.trim();
  if (search) query.search = search;
  return query;
}

/** One run as the charts draw it. */
export interface RunPoint {
  id: string;
  syncId: string;
  status: RunStatus;
  dryRun: boolean;
  /** When it started, or was queued if it never started. */
  at: string;
  sent: number;
  rejected: number;
  unchanged: number;
  /** Rows read but never delivered (the destination unreachable, the run stopped): pending for the next run. */
  notSent: number;
  /** startedAt → finishedAt (→ now while it runs); null when it never started (skipped, still queued). */
  durationMs: number | null;
  running: boolean;
}

/** The listed runs as chart points, oldest first so time reads left to right; one point per run. */
export function chartPoints(runs: readonly Run[], now: number = Date.now()): RunPoint[] {
  return [...runs]
    .map((run) => ({
      id: run.id,
      syncId: run.syncId,
      status: run.status,
      dryRun: run.dryRun,
      at: run.startedAt ?? run.queuedAt,
      sent: run.counters.sent,
      rejected: run.counters.rejected,
      unchanged: run.counters.unchanged,
      // The counter is named skipped in data; to a user these rows are "not sent", not rejected.
      notSent: run.counters.skipped,
      durationMs: durationMs(run.startedAt, run.finishedAt, now),
      running: run.status === 'running',
    }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export interface DurationUnit {
  name: 'ms' | 's' | 'min' | 'h';
  divisor: number;
  /** For the axis: "Duration (s)". */
  label: string;
}

/** The unit the duration axis counts in, chosen by the longest run so its ticks are round numbers. */
export function durationUnit(points: readonly RunPoint[]): DurationUnit {
  const longest = Math.max(0, ...points.map((p) => p.durationMs ?? 0));
  if (longest < 1000) return { name: 'ms', divisor: 1, label: 'Duration (ms)' };
  if (longest < 120_000) return { name: 's', divisor: 1000, label: 'Duration (s)' };
  if (longest < 7_200_000) return { name: 'min', divisor: 60_000, label: 'Duration (min)' };
  return { name: 'h', divisor: 3_600_000, label: 'Duration (h)' };
}

/** How the time axis names a run: seconds when they are minutes apart, the day when they span days. */
export function timeAxisFormat(points: readonly RunPoint[]): Intl.DateTimeFormatOptions {
  if (points.length === 0) return { hour: '2-digit', minute: '2-digit' };
  const times = points.map((p) => Date.parse(p.at));
  const span = Math.max(...times) - Math.min(...times);
  if (span < 3_600_000) return { hour: '2-digit', minute: '2-digit', second: '2-digit' };
  if (span < 86_400_000) return { hour: '2-digit', minute: '2-digit' };
  return { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
}

const runsWord = (n: number) => `${count.format(n)} ${n === 1 ? 'run' : 'runs'}`;

/** The rows chart in one sentence, for its accessible description. */
export function rowsSummary(points: readonly RunPoint[]): string {
  const total = (key: 'sent' | 'rejected' | 'unchanged' | 'notSent') => count.format(points.reduce((sum, p) => sum + p[key], 0));
  return `${runsWord(points.length)}, oldest first: ${total('sent')} rows sent, ${total('rejected')} rejected, ${total('unchanged')} unchanged, ${total('notSent')} not sent in all.`;
}

/** The duration chart in one sentence, for its accessible description. */
export function durationSummary(points: readonly RunPoint[]): string {
  const ran = points.map((p) => p.durationMs).filter((ms): ms is number => ms !== null);
  const notRun = points.length - ran.length;
  const range = ran.length ? `shortest ${formatDuration(Math.min(...ran))}, longest ${formatDuration(Math.max(...ran))}` : 'none started';
  return `${runsWord(points.length)}, oldest first: ${range}${notRun ? `; ${runsWord(notRun)} never started` : ''}.`;
}

/**
 * Round axis ticks from 0 to at least `max`: the smallest step of 1, 2, 2.5 or 5 × 10ⁿ that needs
 * no more than `target` + 1 steps (integers only when asked: rows are counted, never halved).
 * Recharts' own ticks for a fixed count land on steps such as 5.5K.
 */
export function niceTicks(max: number, options: { target?: number; integers?: boolean } = {}): number[] {
  const target = options.target ?? 4;
  if (!(max > 0)) return [0, 1];
  const power = 10 ** Math.floor(Math.log10(max / target));
  const steps = [1, 2, 2.5, 5, 10, 20, 25, 50].map((m) => m * power).filter((s) => !options.integers || (Number.isInteger(s) && s >= 1));
  const step = steps.find((s) => Math.ceil(max / s - 1e-9) <= target + 1) ?? steps[steps.length - 1]!;
  const count = Math.ceil(max / step - 1e-9);
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** The tallest stacked bar of the rows chart. */
export const mostRows = (points: readonly RunPoint[]) => Math.max(0, ...points.map((p) => p.sent + p.rejected + p.unchanged + p.notSent));
