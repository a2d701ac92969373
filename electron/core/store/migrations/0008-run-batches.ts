import type { Migration } from './types';

/**
 * What a run's destination said beyond "accepted".
 *
 * - runs.rows_maybe_duplicated: rows sent again after an answer was lost, to an API without an
 *   idempotency key (CleverTap), so possibly stored twice. Also counted in rows_sent.
 * - run_batches: the receipt of each request, in the order its batch was committed (CluedIn
 *   answers 200 on receipt and processes later: its receipt id is what to ask CluedIn about).
 *   Written in the transaction that commits the batch's acknowledgements; warnings are a JSON
 *   array, cut short by the writer.
 */
export const runBatches: Migration = {
  version: 8,
  name: 'run-batches',
  up: `
    ALTER TABLE runs ADD COLUMN rows_maybe_duplicated INTEGER NOT NULL DEFAULT 0;

    CREATE TABLE run_batches (
      run_id     TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      seq        INTEGER NOT NULL,
      status     INTEGER NOT NULL,
      receipt_id TEXT,
      records    INTEGER NOT NULL,
      warnings   TEXT NOT NULL DEFAULT '[]',
      PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;
  `,
};
