import type { Database, Statement } from 'better-sqlite3';
import { RunBatch, RunBatches } from '../../../shared/schemas';
import type { BatchReceipt } from '../destinations/types';

/** A receipt keeps its first warnings, each cut short: a run that warns on every record must not bloat floe.db. */
export const MAX_WARNINGS = 20;
export const MAX_WARNING_CHARS = 300;

/** Pure: the warnings a receipt keeps, with a last line saying how many were left out. */
export function keptWarnings(warnings: readonly string[]): string[] {
  const kept = warnings.slice(0, MAX_WARNINGS).map((w) => (w.length > MAX_WARNING_CHARS ? `${w.slice(0, MAX_WARNING_CHARS - 1)}…` : w));
  const left = warnings.length - kept.length;
  if (left > 0) kept.push(`…and ${left} more ${left === 1 ? 'warning' : 'warnings'} in this answer`);
  return kept;
}

interface Row {
  seq: number;
  status: number;
  receipt_id: string | null;
  records: number;
  warnings: string;
}

/**
 * The one writer of `run_batches`: a run's worker appends the receipts of each batch in the
 * transaction that commits the batch (so a batch whose acknowledgements were never committed
 * leaves none), and core reads them for the run's page and the CLI.
 */
export class RunBatchesRepository {
  private insert: Statement | undefined;

  constructor(private readonly db: Database) {}

  /** Appends receipts after the run's last one, in the order given. */
  add(runId: string, receipts: readonly BatchReceipt[]): void {
    if (!receipts.length) return;
    // The next number comes from the table, not a counter in memory: the primary key makes it one index seek.
    this.insert ??= this.db.prepare(
      `INSERT INTO run_batches (run_id, seq, status, receipt_id, records, warnings)
       VALUES (@runId, (SELECT COALESCE(max(seq), 0) + 1 FROM run_batches WHERE run_id = @runId), @status, @receiptId, @records, @warnings)`,
    );
    for (const r of receipts) {
      this.insert.run({ runId, status: r.status, receiptId: r.receiptId, records: r.records, warnings: JSON.stringify(keptWarnings(r.warnings)) });
    }
  }

  /** The run's receipts, the first `limit` of them, with their summary. */
  of(runId: string, limit = 2000): RunBatches {
    return RunBatches.parse({ summary: this.summary(runId), receipts: this.list(runId, limit) });
  }

  /** How many receipts the run has, and how many of each HTTP status. */
  summary(runId: string): RunBatches['summary'] {
    const counts = this.db.prepare('SELECT status, count(*) AS n FROM run_batches WHERE run_id = ? GROUP BY status ORDER BY status').all(runId) as Array<{ status: number; n: number }>;
    return { batches: counts.reduce((sum, c) => sum + c.n, 0), byStatus: Object.fromEntries(counts.map((c) => [String(c.status), c.n])) };
  }

  list(runId: string, limit = 2000): RunBatch[] {
    const rows = this.db.prepare('SELECT seq, status, receipt_id, records, warnings FROM run_batches WHERE run_id = ? ORDER BY seq LIMIT ?').all(runId, limit) as Row[];
    return rows.map((r) => RunBatch.parse({ seq: r.seq, status: r.status, receiptId: r.receipt_id, records: r.records, warnings: JSON.parse(r.warnings) as unknown }));
  }
}
