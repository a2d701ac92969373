import type { Migration } from './types';

/** The tables of DESIGN.md §3. Secrets are never stored here: only references and fingerprints. */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE connections (
      id              TEXT PRIMARY KEY,
      name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
      account         TEXT NOT NULL,
      username        TEXT NOT NULL,
      role            TEXT,
      warehouse       TEXT,
      database_name   TEXT,
      schema_name     TEXT,
      auth_kind       TEXT NOT NULL CHECK (auth_kind IN ('keypair', 'password')),
      key_fingerprint TEXT,
      access_url      TEXT,
      status          TEXT NOT NULL DEFAULT 'untested' CHECK (status IN ('untested', 'ok', 'failed')),
      last_tested_at  TEXT,
      last_error      TEXT,
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL
    );

    CREATE TABLE destinations (
      id            TEXT PRIMARY KEY,
      name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
      kind          TEXT NOT NULL,
      settings_json TEXT NOT NULL DEFAULT '{}',
      created_at    TEXT NOT NULL,
      updated_at    TEXT NOT NULL
    );

    CREATE TABLE syncs (
      id               TEXT PRIMARY KEY,
      name             TEXT NOT NULL UNIQUE COLLATE NOCASE,
      connection_id    TEXT NOT NULL REFERENCES connections(id) ON DELETE RESTRICT,
      destination_id   TEXT NOT NULL REFERENCES destinations(id) ON DELETE RESTRICT,
      source_query     TEXT NOT NULL,
      strategy         TEXT NOT NULL CHECK (strategy IN ('full', 'incremental', 'diff', 'cdc-append', 'cdc-mirror')),
      primary_key_json TEXT NOT NULL DEFAULT '[]',
      mapping_json     TEXT NOT NULL DEFAULT '[]',
      schedule_json    TEXT NOT NULL DEFAULT '{"kind":"manual"}',
      row_limit        INTEGER NOT NULL DEFAULT 40000000 CHECK (row_limit > 0),
      enabled          INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
      created_at       TEXT NOT NULL,
      updated_at       TEXT NOT NULL
    );
    CREATE INDEX syncs_connection ON syncs(connection_id);
    CREATE INDEX syncs_destination ON syncs(destination_id);

    -- Advanced only in the transaction that records the rows a destination acknowledged.
    CREATE TABLE sync_state (
      sync_id                 TEXT PRIMARY KEY REFERENCES syncs(id) ON DELETE CASCADE,
      watermark               TEXT,
      last_success_started_at TEXT,
      cdc_offset              TEXT,
      updated_at              TEXT NOT NULL
    );

    CREATE TABLE snapshots (
      sync_id  TEXT NOT NULL REFERENCES syncs(id) ON DELETE CASCADE,
      row_key  TEXT NOT NULL,
      row_hash TEXT NOT NULL,
      PRIMARY KEY (sync_id, row_key)
    ) WITHOUT ROWID;

    CREATE TABLE runs (
      id             TEXT PRIMARY KEY,
      sync_id        TEXT NOT NULL REFERENCES syncs(id) ON DELETE CASCADE,
      status         TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'partially_succeeded', 'failed', 'cancelled', 'skipped')),
      trigger        TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule', 'retry', 'cli')),
      dry_run        INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
      queued_at      TEXT NOT NULL,
      started_at     TEXT,
      finished_at    TEXT,
      rows_read      INTEGER NOT NULL DEFAULT 0,
      rows_sent      INTEGER NOT NULL DEFAULT 0,
      rows_rejected  INTEGER NOT NULL DEFAULT 0,
      rows_unchanged INTEGER NOT NULL DEFAULT 0,
      rows_skipped   INTEGER NOT NULL DEFAULT 0,
      bytes_sent     INTEGER NOT NULL DEFAULT 0,
      query_id       TEXT,
      error_code     TEXT,
      error_message  TEXT,
      error_remedy   TEXT
    );
    CREATE INDEX runs_sync_queued ON runs(sync_id, queued_at DESC);
    CREATE INDEX runs_queued ON runs(queued_at DESC);

    CREATE TABLE rejected_rows (
      id                  INTEGER PRIMARY KEY,
      run_id              TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      row_key             TEXT NOT NULL,
      reason              TEXT NOT NULL,
      destination_message TEXT,
      retryable           INTEGER NOT NULL DEFAULT 0 CHECK (retryable IN (0, 1)),
      row_json            TEXT
    );
    CREATE INDEX rejected_rows_run ON rejected_rows(run_id);

    CREATE TABLE file_loads (
      id          TEXT PRIMARY KEY,
      path        TEXT NOT NULL,
      size        INTEGER NOT NULL,
      sha256      TEXT NOT NULL,
      stage_path  TEXT,
      pipe        TEXT NOT NULL,
      status      TEXT NOT NULL CHECK (status IN ('pending', 'staged', 'submitted', 'loaded', 'partially_loaded', 'failed', 'skipped')),
      first_error TEXT,
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    );
    CREATE UNIQUE INDEX file_loads_pipe_hash ON file_loads(pipe, sha256);
  `,
};
