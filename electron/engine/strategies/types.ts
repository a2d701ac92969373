import type { Sync } from '../../../shared/schemas';

/** What a sync has advanced to so far: written only with the acknowledgements it follows from. */
export interface SyncState {
  /** incremental by column: the encoded watermark (see watermark.ts). */
  watermark: string | null;
  /** The start of the last successful run: what {{last_sync_time}} binds. */
  lastSuccessStartedAt: string | null;
}

/** The query a run executes, with its bound values. */
export interface Plan {
  sql: string;
  binds: unknown[];
}

/** What the run knows of one row before its verdict. */
export interface RowFacts {
  /** The row's key (its primary key, or its digest without one); null if it could not be keyed. */
  key: string | null;
  /** Why the row could not be keyed or mapped, or null. */
  reason: string | null;
  /** Its key was already seen in this run (looked up only by strategies that ask for it). */
  duplicate: boolean;
  /** The row's digest, and the one the snapshot holds for its key (diff only). */
  digest: string | null;
  snapshot: string | null | undefined;
}

export type Verdict = { verdict: 'send' } | { verdict: 'unchanged' } | { verdict: 'reject'; reason: string };

/** How a run ended, for deciding what advances. */
export interface Completion {
  startedAt: string;
  /** incremental by column: the largest watermark among the rows the query returned. */
  maxWatermark: string | null;
}

/**
 * One way of deciding what changed: its plan (query and binds), its verdict on each row, and
 * exactly what advances when a run of it completes. Pure: the run looks up what a verdict needs
 * (keys seen, snapshot hashes) and commits what it decides.
 */
export interface Strategy {
  name: string;
  plan(sync: Sync, state: SyncState): Plan;
  /** The timestamp column whose values rows carry for the watermark, or null. */
  watermarkColumn: string | null;
  /** Look up, per row, whether its key was seen earlier in the run and its snapshot hash. */
  tracksSnapshots: boolean;
  verdict(row: RowFacts, primaryKey: readonly string[]): Verdict;
  /** Keys acknowledged earlier and no longer returned are sent as deletes. */
  sendsDeletes: boolean;
  /**
   * The query returns every row that exists, so a complete run has judged them all: earlier
   * rejections it did not see again are resolved. Otherwise rejected rows are offered again,
   * since the query will not return them.
   */
  readsEverything: boolean;
  /** What the sync's state becomes after a complete run of the query. */
  advance(run: Completion): Partial<SyncState>;
}

/** A strategy's verdict when it looks at nothing but the row itself. */
export function plainVerdict(row: RowFacts): Verdict {
  return row.reason ? { verdict: 'reject', reason: row.reason } : { verdict: 'send' };
}

/** A plan's problem the user must fix in the sync (a template value, a missing column). */
export class PlanError extends Error {}
