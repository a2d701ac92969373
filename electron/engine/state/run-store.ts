import type { Database, Statement } from 'better-sqlite3';
import type { RunCounters, RunStatus } from '../../../shared/schemas';
import type { OutRecord } from '../delivery/batcher';

export interface Rejection {
  rowKey: string;
  reason: string;
  destinationMessage: string | null;
  retryable: boolean;
  source: Record<string, unknown> | null;
}

export interface OpenRejection {
  id: number;
  runId: string;
  rowKey: string;
  source: Record<string, unknown> | null;
}

export interface SyncState {
  watermark: string | null;
  lastSuccessStartedAt: string | null;
}

/**
 * A source row as JSON, with timestamps as ISO-8601. A replacer is too late for that: the driver's
 * Date objects carry their own toJSON (Snowflake's text form), which runs first.
 */
const json = (row: Record<string, unknown>) =>
  JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])));

export const SEND = 0;
export const DUPLICATE = 1;
export const UNCHANGED = 2;

/**
 * A run's view of the database, on the worker's own SQLite connection. Everything that advances
 * a sync's state (snapshots, watermark, counters, rejected rows) is written by `commit`, in one
 * transaction with the acknowledgements it follows from.
 */
export class RunStore {
  private readonly hashOf: Statement;
  private readonly markSeen: Statement;
  private readonly upsertSnapshot: Statement;
  private readonly deleteSnapshot: Statement;
  private readonly insertRejected: Statement;
  private readonly resolveRejected: Statement;
  private readonly writeCounters: Statement;

  constructor(
    readonly db: Database,
    readonly syncId: string,
    readonly runId: string,
  ) {
    // A diff run looks up every row's snapshot and records every key it saw: with SQLite's
    // default 2 MB cache and file-backed temp tables that is ~13 µs a row, with these ~5 µs
    // (measured on 1M keys). An 8 MB cache measured no slower than 32 MB on a 1M-row diff run,
    // with peak RSS about 20 MB lower.
    db.pragma('cache_size = -8192');
    db.pragma('temp_store = MEMORY');
    // Keys seen in this run: finds duplicate primary keys and, at the end, removed rows.
    db.exec('CREATE TEMP TABLE IF NOT EXISTS seen (row_key TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.seen;');
    // Snapshot changes waiting for a destination that acknowledges only when it finishes.
    db.exec('CREATE TEMP TABLE IF NOT EXISTS staged (row_key TEXT PRIMARY KEY, row_hash TEXT) WITHOUT ROWID; DELETE FROM temp.staged;');
    this.hashOf = db.prepare('SELECT row_hash FROM snapshots WHERE sync_id = ? AND row_key = ?').pluck();
    this.markSeen = db.prepare('INSERT OR IGNORE INTO temp.seen (row_key) VALUES (?)');
    this.upsertSnapshot = db.prepare(
      'INSERT INTO snapshots (sync_id, row_key, row_hash) VALUES (?, ?, ?) ON CONFLICT (sync_id, row_key) DO UPDATE SET row_hash = excluded.row_hash',
    );
    this.deleteSnapshot = db.prepare('DELETE FROM snapshots WHERE sync_id = ? AND row_key = ?');
    this.insertRejected = db.prepare(
      'INSERT INTO rejected_rows (run_id, row_key, reason, destination_message, retryable, row_json) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.resolveRejected = db.prepare('UPDATE rejected_rows SET resolved_by = ? WHERE id = ? AND resolved_by IS NULL');
    this.writeCounters = db.prepare(
      `UPDATE runs SET rows_read = @read, rows_sent = @sent, rows_rejected = @rejected, rows_unchanged = @unchanged,
         rows_skipped = @skipped, rows_deleted = @deleted, bytes_sent = @bytesSent WHERE id = @id`,
    );
  }

  state(): SyncState {
    const row = this.db.prepare('SELECT watermark, last_success_started_at FROM sync_state WHERE sync_id = ?').get(this.syncId) as
      | { watermark: string | null; last_success_started_at: string | null }
      | undefined;
    return { watermark: row?.watermark ?? null, lastSuccessStartedAt: row?.last_success_started_at ?? null };
  }

  snapshotHash(rowKey: string): string | undefined {
    return this.hashOf.get(this.syncId, rowKey) as string | undefined;
  }

  /** False when the key was already seen in this run: a duplicate primary key. */
  private see(rowKey: string): boolean {
    return this.markSeen.run(rowKey).changes === 1;
  }

  /**
   * A diff run's verdict on each row of a batch, in order: SEND, DUPLICATE (its key was already
   * seen in this run) or UNCHANGED (the snapshot holds its digest). Rows without a digest (already
   * rejected) are left as SEND for the caller to skip. One transaction for the whole batch: a
   * statement in autocommit is a transaction of its own, which costs more than the lookup.
   */
  triage(keys: readonly (string | null)[], digests: readonly (string | null)[]): Uint8Array {
    const verdicts = new Uint8Array(keys.length);
    this.db.transaction(() => {
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const digest = digests[i];
        if (key === null || key === undefined || digest === null || digest === undefined) continue;
        if (!this.see(key)) verdicts[i] = DUPLICATE;
        else if (this.snapshotHash(key) === digest) verdicts[i] = UNCHANGED;
      }
    })();
    return verdicts;
  }

  /**
   * Keys acknowledged by an earlier run that this run's query no longer returned. Read a page
   * at a time: the caller commits acknowledgements between pages, and better-sqlite3 refuses to
   * write on a connection while one of its statements is still being iterated.
   */
  *removedKeys(pageSize = 1000): Generator<{ rowKey: string; hash: string }> {
    const page = this.db.prepare(
      `SELECT row_key AS rowKey, row_hash AS hash FROM snapshots s
       WHERE sync_id = ? AND row_key > ? AND NOT EXISTS (SELECT 1 FROM temp.seen WHERE row_key = s.row_key)
       ORDER BY row_key LIMIT ?`,
    );
    let after = '';
    for (;;) {
      const rows = page.all(this.syncId, after, pageSize) as Array<{ rowKey: string; hash: string }>;
      yield* rows;
      if (rows.length < pageSize) return;
      after = rows.at(-1)!.rowKey;
    }
  }

  openRejections(onlyRun?: string): OpenRejection[] {
    const rows = (
      onlyRun
        ? this.db.prepare('SELECT r.id, r.run_id, r.row_key, r.row_json FROM rejected_rows r WHERE r.run_id = ? AND r.resolved_by IS NULL ORDER BY r.id').all(onlyRun)
        : this.db
            .prepare(
              `SELECT r.id, r.run_id, r.row_key, r.row_json FROM rejected_rows r JOIN runs ON runs.id = r.run_id
               WHERE runs.sync_id = ? AND r.resolved_by IS NULL AND r.run_id <> ? ORDER BY r.id`,
            )
            .all(this.syncId, this.runId)
    ) as Array<{ id: number; run_id: string; row_key: string; row_json: string | null }>;
    return rows.map((r) => ({ id: r.id, runId: r.run_id, rowKey: r.row_key, source: r.row_json ? (JSON.parse(r.row_json) as Record<string, unknown>) : null }));
  }

  /**
   * Records what a batch's acknowledgements mean, all at once: snapshot hashes for acknowledged
   * rows (staged instead when the destination acknowledges at finish), rejected rows with their
   * reasons, re-offered rejections now delivered, the run's counters and the watermark.
   */
  commit(change: {
    acknowledged: OutRecord[];
    rejected: Rejection[];
    resolved: number[];
    counters: RunCounters;
    watermark?: string | null;
    trackSnapshots: boolean;
    stage: boolean;
  }): void {
    this.db.transaction(() => {
      if (change.trackSnapshots) {
        for (const record of change.acknowledged) {
          if (change.stage) {
            this.db.prepare('INSERT OR REPLACE INTO temp.staged (row_key, row_hash) VALUES (?, ?)').run(record.rowKey, record.op === 'delete' ? null : record.hash);
          } else if (record.op === 'delete') {
            this.deleteSnapshot.run(this.syncId, record.rowKey);
          } else {
            this.upsertSnapshot.run(this.syncId, record.rowKey, record.hash);
          }
        }
      }
      for (const r of change.rejected) {
        this.insertRejected.run(this.runId, r.rowKey, r.reason, r.destinationMessage, r.retryable ? 1 : 0, r.source ? json(r.source) : null);
      }
      for (const id of change.resolved) this.resolveRejected.run(this.runId, id);
      this.writeCounters.run({ ...change.counters, id: this.runId });
      if (change.watermark !== undefined && change.watermark !== null) this.saveState({ watermark: change.watermark });
    })();
  }

  /** Moves staged snapshot changes into place once the destination has finished. */
  commitStaged(): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM snapshots WHERE sync_id = ? AND row_key IN (SELECT row_key FROM temp.staged WHERE row_hash IS NULL)').run(this.syncId);
      this.db
        .prepare(
          `INSERT INTO snapshots (sync_id, row_key, row_hash) SELECT ?, row_key, row_hash FROM temp.staged WHERE row_hash IS NOT NULL
           ON CONFLICT (sync_id, row_key) DO UPDATE SET row_hash = excluded.row_hash`,
        )
        .run(this.syncId);
      this.db.exec('DELETE FROM temp.staged');
    })();
  }

  private saveState(state: Partial<SyncState>): void {
    this.db
      .prepare(
        `INSERT INTO sync_state (sync_id, watermark, last_success_started_at, updated_at) VALUES (@syncId, @watermark, @last, @at)
         ON CONFLICT (sync_id) DO UPDATE SET
           watermark = COALESCE(@watermark, watermark),
           last_success_started_at = COALESCE(@last, last_success_started_at),
           updated_at = @at`,
      )
      .run({ syncId: this.syncId, watermark: state.watermark ?? null, last: state.lastSuccessStartedAt ?? null, at: new Date().toISOString() });
  }

  start(now = new Date()): void {
    this.db.prepare("UPDATE runs SET status = 'running', started_at = ? WHERE id = ?").run(now.toISOString(), this.runId);
  }

  setQueryId(queryId: string): void {
    this.db.prepare('UPDATE runs SET query_id = ? WHERE id = ?').run(queryId, this.runId);
  }

  finish(
    status: RunStatus,
    counters: RunCounters,
    error: { code: string; message: string; remedy: string } | null,
    advance: Partial<SyncState> | null,
    now = new Date(),
  ): void {
    this.db.transaction(() => {
      this.writeCounters.run({ ...counters, id: this.runId });
      this.db
        .prepare('UPDATE runs SET status = ?, finished_at = ?, error_code = ?, error_message = ?, error_remedy = ? WHERE id = ?')
        .run(status, now.toISOString(), error?.code ?? null, error?.message ?? null, error?.remedy ?? null, this.runId);
      if (advance) this.saveState(advance);
    })();
  }
}
