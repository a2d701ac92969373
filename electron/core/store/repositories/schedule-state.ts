import type { Database } from 'better-sqlite3';

export interface ScheduleState {
  syncId: string;
  /** The schedule and enabled flag the slots below belong to; a change starts afresh. */
  signature: string;
  lastSlotAt: Date | null;
  nextRunAt: Date | null;
}

interface Row {
  sync_id: string;
  signature: string;
  last_slot_at: string | null;
  next_run_at: string | null;
}

const fromRow = (r: Row): ScheduleState => ({
  syncId: r.sync_id,
  signature: r.signature,
  lastSlotAt: r.last_slot_at ? new Date(r.last_slot_at) : null,
  nextRunAt: r.next_run_at ? new Date(r.next_run_at) : null,
});

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** The one writer of `schedule_state`: the scheduler's memory of which slots it has handled. */
export class ScheduleStateRepository {
  constructor(private readonly db: Database) {}

  get(syncId: string): ScheduleState | undefined {
    const row = this.db.prepare('SELECT * FROM schedule_state WHERE sync_id = ?').get(syncId) as Row | undefined;
    return row && fromRow(row);
  }

  all(): ScheduleState[] {
    return (this.db.prepare('SELECT * FROM schedule_state').all() as Row[]).map(fromRow);
  }

  /** A new or changed schedule (or a resumed sync) starts from now: nothing before counts as missed. */
  reset(syncId: string, signature: string, lastSlotAt: Date, nextRunAt: Date | null, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO schedule_state (sync_id, signature, last_slot_at, next_run_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(sync_id) DO UPDATE SET signature = excluded.signature, last_slot_at = excluded.last_slot_at,
           next_run_at = excluded.next_run_at, updated_at = excluded.updated_at`,
      )
      .run(syncId, signature, iso(lastSlotAt), iso(nextRunAt), now.toISOString());
  }

  /**
   * Takes a slot: succeeds only if the state is still what this process read (same schedule,
   * same last slot). Two schedulers on one data folder (the app and `floe scheduler`) both see a
   * slot due; exactly one of them takes it.
   */
  claim(syncId: string, expected: ScheduleState, slot: Date, nextRunAt: Date | null, now: Date): boolean {
    return (
      this.db
        .prepare(
          `UPDATE schedule_state SET last_slot_at = ?, next_run_at = ?, updated_at = ?
           WHERE sync_id = ? AND signature = ? AND last_slot_at IS ?`,
        )
        .run(iso(slot), iso(nextRunAt), now.toISOString(), syncId, expected.signature, iso(expected.lastSlotAt)).changes === 1
    );
  }

  /** The next run as last computed (after a clock change it may move). */
  setNext(syncId: string, nextRunAt: Date | null, now: Date): void {
    this.db.prepare('UPDATE schedule_state SET next_run_at = ?, updated_at = ? WHERE sync_id = ?').run(iso(nextRunAt), now.toISOString(), syncId);
  }
}
