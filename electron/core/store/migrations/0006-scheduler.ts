import type { Migration } from './types';

/**
 * The scheduler's state, the run lease, run timelines, notifications and preferences.
 *
 * - schedule_state: per sync, the last slot handled (run or skipped) and the next one, for the
 *   schedule and enabled flag in `signature`. Missed runs are found from these, never from
 *   timers, so sleep, a closed app and a reboot all look the same.
 * - runs_one_open_per_sync: the run lease. At most one queued or running run per sync, whichever
 *   process (app, headless host, CLI) queues it; SQLite refuses a second.
 * - run_events: a run's timeline (queued, waiting for the network, phases, retries).
 */
export const scheduler: Migration = {
  version: 6,
  name: 'scheduler',
  up: `
    CREATE TABLE schedule_state (
      sync_id      TEXT PRIMARY KEY REFERENCES syncs(id) ON DELETE CASCADE,
      signature    TEXT NOT NULL,
      last_slot_at TEXT,
      next_run_at  TEXT,
      updated_at   TEXT NOT NULL
    );

    -- why a run ran or was skipped ("missed 3 runs while asleep"), and the slot it ran for
    ALTER TABLE runs ADD COLUMN note TEXT;
    ALTER TABLE runs ADD COLUMN scheduled_for TEXT;

    -- older data folders may hold more than one open run of a sync (a crash before leases):
    -- only the newest can still be live
    UPDATE runs SET status = 'failed', finished_at = COALESCE(finished_at, queued_at), error_code = 'interrupted',
      error_message = 'Floe stopped while this run was in progress.',
      error_remedy = 'Run the sync again: rows the destination had not acknowledged are sent again, and nothing acknowledged is lost.'
    WHERE status IN ('queued', 'running') AND dry_run = 0
      AND rowid NOT IN (SELECT max(rowid) FROM runs WHERE status IN ('queued', 'running') AND dry_run = 0 GROUP BY sync_id);
    CREATE UNIQUE INDEX runs_one_open_per_sync ON runs(sync_id) WHERE status IN ('queued', 'running') AND dry_run = 0;
    CREATE INDEX runs_status ON runs(status, queued_at DESC);

    CREATE TABLE run_events (
      id      INTEGER PRIMARY KEY,
      run_id  TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      at      TEXT NOT NULL,
      kind    TEXT NOT NULL,
      message TEXT NOT NULL
    );
    CREATE INDEX run_events_run ON run_events(run_id, id);

    CREATE TABLE notifications (
      id      INTEGER PRIMARY KEY,
      at      TEXT NOT NULL,
      kind    TEXT NOT NULL CHECK (kind IN ('failed', 'recovered', 'rejected')),
      sync_id TEXT REFERENCES syncs(id) ON DELETE CASCADE,
      run_id  TEXT REFERENCES runs(id) ON DELETE SET NULL,
      title   TEXT NOT NULL,
      body    TEXT NOT NULL,
      read    INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1))
    );
    CREATE INDEX notifications_at ON notifications(at DESC);

    -- the last health each sync notified about, so a notification is sent per change of state
    CREATE TABLE sync_health (
      sync_id   TEXT PRIMARY KEY REFERENCES syncs(id) ON DELETE CASCADE,
      failing   INTEGER NOT NULL DEFAULT 0,
      rejecting INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE preferences (
      key        TEXT PRIMARY KEY,
      value_json TEXT NOT NULL
    );
  `,
};
