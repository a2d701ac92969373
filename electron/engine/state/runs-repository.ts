import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { RejectedRow, Run, type RunCounters, type RunStatus, type RunTrigger } from '../../../shared/schemas';

interface Row {
  id: string;
  sync_id: string;
  status: string;
  trigger: string;
  dry_run: number;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  rows_read: number;
  rows_sent: number;
  rows_rejected: number;
  rows_unchanged: number;
  rows_skipped: number;
  rows_deleted: number;
  retry_of: string | null;
  bytes_sent: number;
  query_id: string | null;
  error_code: string | null;
  error_message: string | null;
  error_remedy: string | null;
}

const fromRow = (r: Row): Run =>
  Run.parse({
    id: r.id,
    syncId: r.sync_id,
    status: r.status,
    trigger: r.trigger,
    dryRun: r.dry_run === 1,
    queuedAt: r.queued_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    counters: {
      read: r.rows_read,
      sent: r.rows_sent,
      rejected: r.rows_rejected,
      unchanged: r.rows_unchanged,
      skipped: r.rows_skipped,
      deleted: r.rows_deleted,
      bytesSent: r.bytes_sent,
    },
    queryId: r.query_id,
    retryOf: r.retry_of,
    error:
      r.error_code === null
        ? null
        : { code: r.error_code, message: r.error_message ?? '', remedy: r.error_remedy ?? '' },
  });

const FINISHED: readonly RunStatus[] = ['succeeded', 'partially_succeeded', 'failed', 'cancelled', 'skipped'];

/**
 * The one writer of the `runs` table: core queues and lists runs, and a run's worker records its
 * progress and outcome through the same statements (on its own connection).
 */
export class RunsRepository {
  private progress: Statement | undefined;

  constructor(private readonly db: Database) {}

  queue(syncId: string, trigger: RunTrigger, options: { dryRun?: boolean; retryOf?: string; now?: Date } = {}): Run {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO runs (id, sync_id, status, trigger, dry_run, retry_of, queued_at, owner_pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, syncId, 'queued', trigger, options.dryRun ? 1 : 0, options.retryOf ?? null, (options.now ?? new Date()).toISOString(), process.pid);
    return this.get(id)!;
  }

  start(id: string, now = new Date()): void {
    this.db
      .prepare("UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'")
      .run(now.toISOString(), id);
  }

  /** Counters are written as absolute values so a progress write can be repeated safely. */
  recordProgress(id: string, counters: RunCounters, queryId?: string | null): void {
    (this.progress ??= this.db.prepare(
      `UPDATE runs SET rows_read = @read, rows_sent = @sent, rows_rejected = @rejected, rows_unchanged = @unchanged, rows_skipped = @skipped,
         rows_deleted = @deleted, bytes_sent = @bytesSent, query_id = COALESCE(@queryId, query_id) WHERE id = @id`,
    )).run({ ...counters, queryId: queryId ?? null, id });
  }

  setQueryId(id: string, queryId: string): void {
    this.db.prepare('UPDATE runs SET query_id = ? WHERE id = ?').run(queryId, id);
  }

  finish(
    id: string,
    status: RunStatus,
    error: { code: string; message: string; remedy: string } | null = null,
    now = new Date(),
  ): void {
    if (!FINISHED.includes(status)) throw new Error(`"${status}" is not a finished run status.`);
    this.db
      .prepare(
        'UPDATE runs SET status = ?, finished_at = ?, error_code = ?, error_message = ?, error_remedy = ? WHERE id = ?',
      )
      .run(status, now.toISOString(), error?.code ?? null, error?.message ?? null, error?.remedy ?? null, id);
  }

  get(id: string): Run | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  list(options: { syncId?: string; limit?: number } = {}): Run[] {
    const limit = options.limit ?? 100;
    const rows = options.syncId
      ? this.db.prepare('SELECT * FROM runs WHERE sync_id = ? ORDER BY queued_at DESC, rowid DESC LIMIT ?').all(options.syncId, limit)
      : this.db.prepare('SELECT * FROM runs ORDER BY queued_at DESC, rowid DESC LIMIT ?').all(limit);
    return (rows as Row[]).map(fromRow);
  }

  rejected(runId: string, limit = 200): RejectedRow[] {
    const rows = this.db
      .prepare('SELECT id, row_key, reason, destination_message, retryable, resolved_by FROM rejected_rows WHERE run_id = ? ORDER BY id LIMIT ?')
      .all(runId, limit) as Array<{ id: number; row_key: string; reason: string; destination_message: string | null; retryable: number; resolved_by: string | null }>;
    return rows.map((r) =>
      RejectedRow.parse({ id: r.id, rowKey: r.row_key, reason: r.reason, destinationMessage: r.destination_message, retryable: r.retryable === 1, resolvedBy: r.resolved_by }),
    );
  }

  openRejectedCount(runId: string): number {
    return this.db.prepare('SELECT count(*) FROM rejected_rows WHERE run_id = ? AND resolved_by IS NULL').pluck().get(runId) as number;
  }

  /**
   * Runs left "queued" or "running" by a process that is gone (a crash, a kill): they did not
   * finish, so they are marked failed rather than shown as running forever. A run whose process
   * is still alive (the app while the CLI starts, or the other way round) is left alone.
   */
  failInterrupted(now = new Date(), isAlive: (pid: number) => boolean = processAlive): number {
    const open = this.db.prepare("SELECT id, owner_pid FROM runs WHERE status IN ('queued', 'running')").all() as Array<{ id: string; owner_pid: number | null }>;
    const fail = this.db.prepare(
      `UPDATE runs SET status = 'failed', finished_at = ?, error_code = 'interrupted',
         error_message = 'Floe stopped while this run was in progress.',
         error_remedy = 'Run the sync again: rows the destination had not acknowledged are sent again, and nothing acknowledged is lost.'
       WHERE id = ? AND status IN ('queued', 'running')`,
    );
    let failed = 0;
    for (const run of open) {
      if (run.owner_pid !== null && run.owner_pid !== process.pid && isAlive(run.owner_pid)) continue;
      failed += fail.run(now.toISOString(), run.id).changes;
    }
    return failed;
  }
}

/** Whether a process exists: signal 0 checks without sending anything. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
