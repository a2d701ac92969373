import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { RejectedGroups, RejectedRow, Run, RunEvent, type RunCounters, type RunQuery, type RunStatus, type RunTrigger } from '../../../shared/schemas';
import { foldForSearch, searchTerms } from '../../../shared/search';
import { LIKE_ESCAPE, likeContains, likeStartsWith } from './like-pattern';

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
  rows_maybe_duplicated: number;
  retry_of: string | null;
  bytes_sent: number;
  query_id: string | null;
  error_code: string | null;
  error_message: string | null;
  error_remedy: string | null;
  note: string | null;
  scheduled_for: string | null;
  owner_pid: number | null;
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
      maybeDuplicated: r.rows_maybe_duplicated,
      bytesSent: r.bytes_sent,
    },
    queryId: r.query_id,
    retryOf: r.retry_of,
    error:
      r.error_code === null
        ? null
        : { code: r.error_code, message: r.error_message ?? '', remedy: r.error_remedy ?? '' },
    note: r.note,
    scheduledFor: r.scheduled_for,
  });

export interface QueueOptions {
  dryRun?: boolean;
  retryOf?: string;
  now?: Date;
  note?: string | null;
  scheduledFor?: Date | null;
}

/** The lease answer: the new run, or the open run of the same sync that holds it. */
export type Acquired = { run: Run; holder?: undefined } | { run?: undefined; holder: Run };

const INTERRUPTED = {
  code: 'interrupted',
  message: 'Floe stopped while this run was in progress.',
  remedy: 'Run the sync again: rows the destination had not acknowledged are sent again, and nothing acknowledged is lost.',
};

const FINISHED: readonly RunStatus[] = ['succeeded', 'partially_succeeded', 'failed', 'cancelled', 'skipped'];

interface RejectedRowRow {
  id: number;
  row_key: string;
  reason: string;
  destination_message: string | null;
  retryable: number;
  resolved_by: string | null;
}

const toRejectedRow = (r: RejectedRowRow): RejectedRow =>
  RejectedRow.parse({ id: r.id, rowKey: r.row_key, reason: r.reason, destinationMessage: r.destination_message, retryable: r.retryable === 1, resolvedBy: r.resolved_by });

/**
 * The one writer of the `runs` table: core queues and lists runs, and a run's worker records its
 * progress and outcome through the same statements (on its own connection).
 */
export class RunsRepository {
  private progress: Statement | undefined;

  constructor(private readonly db: Database) {
    // SQLite's LIKE ignores case in ASCII only: searches compare text folded as the renderer's list searches fold it ("Übersicht", "uber").
    db.function('search_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldForSearch(text) : null));
  }

  /** Inserts a queued run. The lease index refuses a second open run of a sync: use `acquire`. */
  queue(syncId: string, trigger: RunTrigger, options: QueueOptions = {}): Run {
    return this.insert(syncId, 'queued', trigger, options);
  }

  private insert(syncId: string, status: RunStatus, trigger: RunTrigger, options: QueueOptions): Run {
    const id = randomUUID();
    const at = (options.now ?? new Date()).toISOString();
    this.db
      .prepare(
        `INSERT INTO runs (id, sync_id, status, trigger, dry_run, retry_of, queued_at, finished_at, owner_pid, note, scheduled_for)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, syncId, status, trigger, options.dryRun ? 1 : 0, options.retryOf ?? null, at, FINISHED.includes(status) ? at : null,
        process.pid, options.note ?? null, options.scheduledFor?.toISOString() ?? null);
    this.addEvent(id, status === 'queued' ? 'queued' : 'finished', options.note ?? (status === 'queued' ? `Queued (${trigger}).` : status), options.now);
    return this.get(id)!;
  }

  /**
   * The run lease: queues a run of the sync unless another is open. An open run whose owning
   * process is gone (a crash, a kill) no longer holds the lease: it is marked interrupted and
   * the new run goes ahead. One IMMEDIATE transaction, so two processes cannot both take it,
   * and the unique index on open runs backs that up.
   */
  acquire(syncId: string, trigger: RunTrigger, options: QueueOptions = {}, isAlive: (pid: number) => boolean = processAlive): Acquired {
    return this.db.transaction((): Acquired => {
      const open = this.db
        .prepare("SELECT * FROM runs WHERE sync_id = ? AND status IN ('queued', 'running') AND dry_run = 0")
        .get(syncId) as Row | undefined;
      if (open) {
        if (open.owner_pid === null || open.owner_pid === process.pid || isAlive(open.owner_pid)) {
          // This process's own open run is live too: the engine host knows its runs, and a run of
          // this process it does not know was left by an earlier start with the same pid (rare),
          // which the host fails at start-up.
          return { holder: fromRow(open) };
        }
        this.finish(open.id, 'failed', INTERRUPTED, options.now);
      }
      return { run: this.insert(syncId, 'queued', trigger, options) };
    }).immediate();
  }

  /** A run that did not happen, recorded with why (the previous one still running, slots missed while asleep). */
  recordSkipped(syncId: string, trigger: RunTrigger, error: { code: string; message: string; remedy: string }, options: QueueOptions = {}): Run {
    const run = this.insert(syncId, 'skipped', trigger, options);
    this.db.prepare('UPDATE runs SET error_code = ?, error_message = ?, error_remedy = ? WHERE id = ?').run(error.code, error.message, error.remedy, run.id);
    return this.get(run.id)!;
  }

  setNote(id: string, note: string): void {
    this.db.prepare('UPDATE runs SET note = ? WHERE id = ?').run(note, id);
  }

  /** One step of the run's timeline. */
  addEvent(runId: string, kind: RunEvent['kind'], message: string, now = new Date()): void {
    this.db.prepare('INSERT INTO run_events (run_id, at, kind, message) VALUES (?, ?, ?, ?)').run(runId, now.toISOString(), kind, message);
  }

  events(runId: string): RunEvent[] {
    const rows = this.db.prepare('SELECT at, kind, message FROM run_events WHERE run_id = ? ORDER BY id').all(runId);
    return rows.map((r) => RunEvent.parse(r));
  }

  /** The open (queued or running) run of a sync, in any process. */
  openRun(syncId: string): Run | undefined {
    const row = this.db.prepare("SELECT * FROM runs WHERE sync_id = ? AND status IN ('queued', 'running') AND dry_run = 0").get(syncId) as Row | undefined;
    return row && fromRow(row);
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
         rows_deleted = @deleted, rows_maybe_duplicated = @maybeDuplicated, bytes_sent = @bytesSent, query_id = COALESCE(@queryId, query_id) WHERE id = @id`,
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
    this.addEvent(id, 'finished', error ? `${status}: ${error.message}` : status, now);
  }

  get(id: string): Run | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  /**
   * Newest first, filtered by sync, statuses, a window of queue times and a search: each of its
   * words in the sync's name, the run's error message or note, or the start of the run's id.
   */
  list(query: Partial<RunQuery> = {}): Run[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const filter = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (query.syncId) filter('sync_id = ?', query.syncId);
    if (query.statuses?.length) filter(`status IN (${query.statuses.map(() => '?').join(', ')})`, ...query.statuses);
    if (query.since) filter('queued_at >= ?', new Date(query.since).toISOString());
    if (query.until) filter('queued_at <= ?', new Date(query.until).toISOString());
    const like = `LIKE ? ESCAPE '${LIKE_ESCAPE}'`;
    for (const term of searchTerms(query.search ?? '')) {
      const within = likeContains(term);
      filter(
        `(sync_id IN (SELECT id FROM syncs WHERE search_fold(name) ${like}) OR search_fold(error_message) ${like} OR search_fold(note) ${like} OR id ${like})`,
        within,
        within,
        within,
        likeStartsWith(term),
      );
    }
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY queued_at DESC, rowid DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, query.limit ?? 100) as Row[]).map(fromRow);
  }

  /** A run's rejected rows in the order they were rejected; with `group`, those of one reason (and destination message). */
  rejected(runId: string, limit = 200, group?: { reason: string; destinationMessage?: string | null }): RejectedRow[] {
    const byGroup = group ? ` AND reason = ?${group.destinationMessage === undefined ? '' : ' AND destination_message IS ?'}` : '';
    const params: unknown[] = [runId];
    if (group) params.push(group.reason, ...(group.destinationMessage === undefined ? [] : [group.destinationMessage]));
    const rows = this.db
      .prepare(`SELECT id, row_key, reason, destination_message, retryable, resolved_by FROM rejected_rows WHERE run_id = ?${byGroup} ORDER BY id LIMIT ?`)
      .all(...params, limit) as RejectedRowRow[];
    return rows.map(toRejectedRow);
  }

  /**
   * A run's rejected rows by reason and destination message, most rows first: counts, and each
   * group's first `perGroup` rows. Summed in SQL, so the counts hold however many rows there are.
   */
  rejectedGroups(runId: string, perGroup = 3, maxGroups = 50): RejectedGroups {
    const total = this.db
      .prepare(
        `SELECT count(*) AS rows, coalesce(sum(resolved_by IS NULL), 0) AS open, coalesce(sum(resolved_by IS NULL AND retryable = 1), 0) AS retryable,
           count(DISTINCT json_array(reason, destination_message)) AS groups
         FROM rejected_rows WHERE run_id = ?`,
      )
      .get(runId) as RejectedGroups['total'];
    const groups = this.db
      .prepare(
        `SELECT reason, destination_message, count(*) AS rows, sum(resolved_by IS NULL) AS open, sum(resolved_by IS NULL AND retryable = 1) AS retryable, min(id) AS first_id
         FROM rejected_rows WHERE run_id = ? GROUP BY reason, destination_message ORDER BY rows DESC, first_id LIMIT ?`,
      )
      .all(runId, maxGroups) as Array<{ reason: string; destination_message: string | null; rows: number; open: number; retryable: number }>;
    const first = this.db
      .prepare(
        `SELECT id, row_key, reason, destination_message, retryable, resolved_by FROM (
           SELECT *, row_number() OVER (PARTITION BY reason, destination_message ORDER BY id) AS n FROM rejected_rows WHERE run_id = ?
         ) WHERE n <= ? ORDER BY id`,
      )
      .all(runId, perGroup) as RejectedRowRow[];
    const keyOf = (reason: string, message: string | null) => JSON.stringify([reason, message]);
    const firstOf = new Map<string, RejectedRow[]>();
    for (const row of first) {
      const key = keyOf(row.reason, row.destination_message);
      firstOf.set(key, [...(firstOf.get(key) ?? []), toRejectedRow(row)]);
    }
    return RejectedGroups.parse({
      total,
      groups: groups.map((g) => ({
        reason: g.reason,
        destinationMessage: g.destination_message,
        rows: g.rows,
        open: g.open,
        retryable: g.retryable,
        first: firstOf.get(keyOf(g.reason, g.destination_message)) ?? [],
      })),
    });
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
