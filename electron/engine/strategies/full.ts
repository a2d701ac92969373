import type { Sync } from '../../../shared/schemas';
import { bindTemplate } from '../source/template';
import { PlanError, plainVerdict, type Strategy, type SyncState } from './types';

const EPOCH = '1970-01-01T00:00:00.000Z';

/** The sync's query with {{last_sync_time}} bound to the start of the last successful run. */
export function templatePlan(sync: Sync, state: SyncState) {
  const bound = bindTemplate(sync.query, { last_sync_time: state.lastSuccessStartedAt ?? EPOCH });
  if (!bound.ok) throw new PlanError(bound.reason);
  return { sql: bound.sql, binds: bound.binds };
}

/** Every row, every run. */
export const full: Strategy = {
  name: 'full',
  plan: templatePlan,
  watermarkColumn: null,
  tracksSnapshots: false,
  verdict: plainVerdict,
  sendsDeletes: false,
  readsEverything: true,
  advance: ({ startedAt }) => ({ lastSuccessStartedAt: startedAt }),
};
