import { templatePlan } from './full';
import { plainVerdict, type Strategy } from './types';

/**
 * Rows after {{last_sync_time}}: the query binds the start of the last successful run. Rows it
 * rejected are offered again by later runs, since the query will not return them.
 */
export const incrementalByTime: Strategy = {
  name: 'incremental by {{last_sync_time}}',
  plan: templatePlan,
  watermarkColumn: null,
  tracksSnapshots: false,
  verdict: plainVerdict,
  sendsDeletes: false,
  readsEverything: false,
  advance: ({ startedAt }) => ({ lastSuccessStartedAt: startedAt }),
};
