import type { RejectedGroups } from '../../../../shared/schemas';
import { count } from './run-labels';

type Total = RejectedGroups['total'];

const plural = (n: number, one: string, many: string) => `${count.format(n)} ${n === 1 ? one : many}`;

/** "40 rows rejected for 3 reasons." */
export function rejectedSummary(total: Total): string {
  return `${plural(total.rows, 'row', 'rows')} rejected for ${plural(total.groups, 'reason', 'reasons')}.`;
}

/**
 * What a retry could do for these rows. Only a row the destination did not acknowledge (rather
 * than refused) is retryable: sent again as it is, a refused row would be refused again.
 */
export function retryAdvice(total: Total): string {
  const { open, retryable } = total;
  if (open === 0) return 'A later run delivered every one of them.';
  if (retryable === 0) {
    return 'None of these rows can be retried as they are: the destination or the mapping refused them. Fix the data or the mapping; the next run offers them again.';
  }
  const which = retryable === open ? (open === 1 ? 'This row' : `All ${count.format(open)} of these rows`) : `${count.format(retryable)} of these rows`;
  const others = open - retryable;
  return `${which} can be retried: the destination did not turn ${retryable === 1 ? 'it' : 'them'} down for what ${retryable === 1 ? 'it holds' : 'they hold'}.${
    others > 0 ? ` The other ${plural(others, 'row needs', 'rows need')} the data or the mapping fixed first.` : ''
  }`;
}
