import type { Sync } from '../../shared/schemas';
import type { RunError } from './protocol';
import type { SourceColumn } from './source/snowflake-source';
import type { Strategy } from './strategies';

export const MAX_COLUMNS = 300;

/** A run stops with this error: what happened and what to do. */
export class Stop extends Error {
  constructor(readonly error: RunError) {
    super(error.message);
  }
}

export const CANCELLED: RunError = { code: 'cancelled', message: 'The run was cancelled.', remedy: 'Run it again when you are ready: rows not acknowledged are sent again.' };

/** A problem with the query's columns; a fatal one stops a run (a dry run lists them all). */
export interface ColumnProblem extends RunError {
  fatal: boolean;
}

/**
 * What is wrong with a query's columns for this sync, before any row is read: more columns than
 * Floe syncs, a primary key or timestamp column the query does not return, a mapping rule
 * reading a column that is not there. Pure.
 */
export function columnProblems(columns: readonly SourceColumn[], sync: Pick<Sync, 'primaryKey' | 'mapping'>, strategy: Pick<Strategy, 'watermarkColumn'>): ColumnProblem[] {
  if (columns.length === 0) return [];
  const problems: ColumnProblem[] = [];
  const names = new Set(columns.map((c) => c.name.toLowerCase()));
  if (columns.length > MAX_COLUMNS) {
    problems.push({ fatal: true, code: 'too_many_columns', message: `The query returns ${columns.length} columns; Floe syncs at most ${MAX_COLUMNS}.`, remedy: 'Select only the columns the destination needs.' });
  }
  for (const pk of sync.primaryKey) {
    if (!names.has(pk.toLowerCase())) {
      problems.push({ fatal: true, code: 'primary_key_missing', message: `The primary key column ${pk} is not in the query's output.`, remedy: 'Add it to the SELECT list, or change the sync’s primary key.' });
    }
  }
  const watermark = strategy.watermarkColumn;
  if (watermark && !names.has(watermark.toLowerCase())) {
    problems.push({ fatal: true, code: 'watermark_column_missing', message: `The query has no column ${watermark} to track new rows by.`, remedy: 'Add it to the SELECT list, or choose another timestamp column.' });
  }
  for (const rule of sync.mapping.rules) {
    if (rule.source && !names.has(rule.source.toLowerCase())) {
      problems.push({ fatal: rule.required, code: 'mapping_column_missing', message: `Field ${rule.target} takes column ${rule.source}, which is not in the query's output.`, remedy: 'Fix the column name in the mapping, or add the column to the query.' });
    }
  }
  return problems;
}
