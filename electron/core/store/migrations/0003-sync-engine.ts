import type { Migration } from './types';

/** What the sync engine needs beyond the first schema. */
export const syncEngine: Migration = {
  version: 3,
  name: 'sync-engine',
  up: `
    -- incremental by a timestamp column (NULL: by {{last_sync_time}})
    ALTER TABLE syncs ADD COLUMN watermark_column TEXT;
    -- removed keys sent as deletes (diff); not part of "read", so counted apart
    ALTER TABLE runs ADD COLUMN rows_deleted INTEGER NOT NULL DEFAULT 0;
    -- a run that re-offers rows another run rejected
    ALTER TABLE runs ADD COLUMN retry_of TEXT REFERENCES runs(id) ON DELETE SET NULL;
    -- set when a later run delivered the row, so it is not offered again
    ALTER TABLE rejected_rows ADD COLUMN resolved_by TEXT;
    CREATE INDEX rejected_rows_open ON rejected_rows(run_id) WHERE resolved_by IS NULL;
  `,
};
