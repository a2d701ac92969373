import type { Database } from 'better-sqlite3';
import type { DryRunResult } from '../../shared/schemas';
import type { OutRecord } from './delivery/batcher';
import type { DestinationModule } from './destinations';
import type { BatchContext, Session } from './destinations/types';
import type { RunJob } from './job';
import { runSync, type DryRunWatch, type RowSeen } from './run-sync';

const MAX_REQUESTS_SHOWN = 3;

/**
 * Watches a run on a sample: the rows as the run decided them, and the requests its batches
 * would have been, recorded by a session that sends nothing and accepts everything.
 */
class Recorder implements DryRunWatch {
  readonly result: DryRunResult = { columns: [], rows: [], requests: [], counts: { read: 0, send: 0, unchanged: 0, rejected: 0 }, problems: [], queryId: null };

  constructor(readonly sample: number) {}

  session(module: DestinationModule, settings: unknown, context: BatchContext): Session {
    return {
      send: async (batch: OutRecord[]) => {
        if (this.result.requests.length < MAX_REQUESTS_SHOWN) this.result.requests.push(module.preview(batch, settings, context));
        return { results: batch.map(() => ({ status: 'accepted' as const })), bytes: 0 };
      },
      finish: async () => ({ location: null }),
      abort: async () => undefined,
    };
  }

  columns(columns: DryRunResult['columns'], queryId: string | null): void {
    this.result.columns = columns;
    this.result.queryId = queryId;
  }

  row(row: RowSeen): void {
    this.result.rows.push({ index: this.result.rows.length + 1, ...row });
  }

  problem(problem: { message: string; remedy: string }): void {
    const text = `${problem.message} ${problem.remedy}`.trim();
    if (!this.result.problems.includes(text)) this.result.problems.push(text);
  }
}

/**
 * What a run would do with a sample of rows, without doing it: the same run (same plan, same
 * verdicts, same mapping, same batching), on a sample, with a session that records the exact
 * requests instead of sending them and state that is read, never written.
 */
export async function dryRun(job: RunJob, db: Database, sampleSize: number, engineFile: string): Promise<DryRunResult> {
  const recorder = new Recorder(sampleSize);
  const outcome = await runSync(job, db, { signal: new AbortController().signal, progress: () => undefined, engineFile, dryRun: recorder });
  const { counters } = outcome;
  recorder.result.counts = { read: counters.read, send: counters.sent, unchanged: counters.unchanged, rejected: counters.rejected };
  return recorder.result;
}
