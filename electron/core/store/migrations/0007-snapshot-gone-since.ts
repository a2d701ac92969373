import type { Migration } from './types';

/**
 * When a diff sync first found a row gone from its query. A delete sent again after a crash
 * carries the same time (CluedIn's tombstones are deduplicated by id and timestamp); a row that
 * comes back clears it.
 */
export const snapshotGoneSince: Migration = {
  version: 7,
  name: 'snapshot-gone-since',
  up: `
    ALTER TABLE snapshots ADD COLUMN gone_since TEXT;
  `,
};
