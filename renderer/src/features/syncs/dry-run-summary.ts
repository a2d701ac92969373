import type { DryRunResult } from '../../../../shared/schemas';
import { count } from '../runs/run-labels';

type SampleRow = DryRunResult['rows'][number];

/** Which sample rows the table shows: all, one outcome, or the rows of one rejection reason. */
export type SampleFilter = { kind: 'all' } | { kind: 'status'; status: SampleRow['status'] } | { kind: 'reason'; reason: string };

export function filterSample(rows: readonly SampleRow[], filter: SampleFilter): SampleRow[] {
  switch (filter.kind) {
    case 'all':
      return [...rows];
    case 'status':
      return rows.filter((r) => r.status === filter.status);
    case 'reason':
      return rows.filter((r) => r.status === 'rejected' && (r.reason ?? 'No reason given') === filter.reason);
    default: {
      const never: never = filter;
      return never;
    }
  }
}

/**
 * The dry run's verdict in one line, from the rows as much as from the query's columns: a sample
 * whose every row is rejected is not "no problems", and an empty sample checked nothing.
 */
export function dryRunHeadline(counts: DryRunResult['counts'], problems: number): { tone: 'ok' | 'warn'; text: string } {
  const { read, rejected, send, unchanged } = counts;
  if (read === 0) return { tone: 'warn', text: 'The query returned no rows, so nothing was checked: widen the query (or wait for data) and dry-run again.' };
  if (rejected === read) {
    return { tone: 'warn', text: `${read === 1 ? 'The only sampled row' : `All ${count.format(read)} sampled rows`} would be rejected: a run would send nothing. Fix the reasons below, then dry-run again.` };
  }
  if (rejected > 0) {
    const rest = [`${count.format(send)} would be sent`, ...(unchanged > 0 ? [`${count.format(unchanged)} ${unchanged === 1 ? 'is' : 'are'} unchanged`] : [])];
    return { tone: 'warn', text: `${count.format(rejected)} of ${count.format(read)} sampled rows would be rejected; ${rest.join(' and ')}.` };
  }
  if (problems > 0) return { tone: 'warn', text: 'Every sampled row maps, but the query has problems to fix before running (below).' };
  return { tone: 'ok', text: 'No problems found in the sample.' };
}
