import type { Migration } from './types';

/**
 * Files a run has committed to publishing. A file run writes a hidden partial file; once its rows
 * are on disk, the run's state (snapshots, watermark, outcome) and this row are committed in one
 * transaction, then the file is renamed into place and the row deleted. A run killed in between
 * leaves the row: the next run renames the partial file, so its rows are neither lost nor, the
 * state having moved on, written again to a second file.
 */
export const pendingPublishes: Migration = {
  version: 10,
  name: 'pending-publishes',
  up: `
    CREATE TABLE pending_publishes (
      run_id       TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
      partial_path TEXT NOT NULL,
      target_path  TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
