import type { Sync } from '../../../shared/schemas';
import { diff } from './diff';
import { full } from './full';
import { incrementalByColumn } from './incremental-by-column';
import { incrementalByTime } from './incremental-by-time';
import type { Strategy } from './types';

/** The strategy a sync runs with, or null for one Floe cannot run yet. */
export function strategyFor(sync: Pick<Sync, 'strategy' | 'watermarkColumn'>): Strategy | null {
  switch (sync.strategy) {
    case 'full':
      return full;
    case 'incremental':
      return sync.watermarkColumn ? incrementalByColumn(sync.watermarkColumn) : incrementalByTime;
    case 'diff':
      return diff;
    case 'cdc-append':
    case 'cdc-mirror':
      return null;
    default: {
      const never: never = sync.strategy;
      throw new Error(`unknown strategy ${String(never)}`);
    }
  }
}

export type { Strategy, SyncState, Plan, RowFacts, Verdict, Completion } from './types';
export { PlanError } from './types';
