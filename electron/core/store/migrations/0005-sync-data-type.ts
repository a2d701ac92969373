import type { Migration } from './types';

/**
 * The data type a sync sends (Amplitude: events or user properties; HTTP and file: records).
 * Every sync before this one sent records.
 */
export const syncDataType: Migration = {
  version: 5,
  name: 'sync-data-type',
  up: `
    ALTER TABLE syncs ADD COLUMN data_type TEXT NOT NULL DEFAULT 'records';
  `,
};
