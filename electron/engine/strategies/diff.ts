import { templatePlan } from './full';
import type { Strategy } from './types';

/**
 * Only added and changed rows, by primary key, against the hash of each row as last
 * acknowledged; keys no longer returned are sent as deletes. A rejected row keeps its snapshot
 * and counts as seen: it still exists, so it is never taken for removed.
 */
export const diff: Strategy = {
  name: 'diff',
  plan: templatePlan,
  watermarkColumn: null,
  tracksSnapshots: true,
  verdict: (row, primaryKey) => {
    if (row.reason) return { verdict: 'reject', reason: row.reason };
    if (row.duplicate) return { verdict: 'reject', reason: `duplicate primary key: another row of this result has ${primaryKey.join(', ')} = ${row.key}` };
    if (row.snapshot !== undefined && row.snapshot === row.digest) return { verdict: 'unchanged' };
    return { verdict: 'send' };
  },
  sendsDeletes: true,
  readsEverything: true,
  advance: ({ startedAt }) => ({ lastSuccessStartedAt: startedAt }),
};
