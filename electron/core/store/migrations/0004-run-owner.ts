import type { Migration } from './types';

/**
 * Which process runs a run. The CLI and the app may share a data folder; at start-up only runs
 * whose own process is gone are marked interrupted, never a run another live process is doing.
 */
export const runOwner: Migration = {
  version: 4,
  name: 'run-owner',
  up: `
    ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
  `,
};
