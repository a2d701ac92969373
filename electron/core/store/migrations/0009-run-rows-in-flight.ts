import type { Migration } from './types';

/**
 * Rows a run sent whose answer it never had: in flight when it was killed or cancelled. Kept up
 * to date as batches go out and are committed. The next run sends those rows again; to an API
 * without an idempotency key (CleverTap) they are then possibly stored twice, and it says so.
 */
export const runRowsInFlight: Migration = {
  version: 9,
  name: 'run-rows-in-flight',
  up: `
    ALTER TABLE runs ADD COLUMN rows_in_flight INTEGER NOT NULL DEFAULT 0;
  `,
};
