import type { Database } from 'better-sqlite3';
import type { RunCounters, RunStatus } from '../../shared/schemas';
import { driverOptions } from '../snowflake/driver-options';
import { explainError } from '../snowflake/error-remedies';
import { readDriverError, type DriverOptions } from '../snowflake/driver';
import { SharedRateLimiter } from './delivery/rate-limiter';
import { destinationModule } from './destinations';
import { DeliveryError, type Session } from './destinations/types';
import { emptyCounters, type Phase, type Progress, type RunJob } from './job';
import { Pipeline } from './pipeline';
import { deleteKey } from './rows/idempotency';
import { PreparedRecord, digestBatch, prepareBatch, sourceAt, type PrepareSpec, type PreparedBatch } from './rows/prepared';
import { openRowSource, ReaderOutOfMemory, SourceOpenError, type RowSource } from './source/threaded-source';
import { bindTemplate } from './source/template';
import { DUPLICATE, RunStore, SEND, UNCHANGED } from './state/run-store';
import { decodeWatermark, incrementalSql } from './watermark';

export const MAX_COLUMNS = 300;
/**
 * The reader thread holds the driver's result chunks: about 80 MB live with the emulator's
 * 50k-row chunks (one being read, one downloaded ahead; measured in a heap snapshot), more with
 * Snowflake's larger ones. The bound leaves room for those rather than failing a run on a big
 * chunk; V8 grows the heap only as far as it needs (about 125–155 MB here), so a lower bound
 * measured no lower peak RSS.
 */
const READER_HEAP_MB = 512;
/**
 * Half V8's default young generation: the reader's short-lived objects (rows, payloads, texts)
 * die within a batch either way. The first 1M-row diff run (the engine's memory peak) measured
 * 352–402 MB peak RSS over nine runs, about 375 on average, against 380–420 MB, about 395, with
 * the default, at no speed difference this machine could measure.
 */
const READER_YOUNG_MB = 24;
const EPOCH = '1970-01-01T00:00:00.000Z';

export interface RunError {
  code: string;
  message: string;
  remedy: string;
}

export interface RunOutcome {
  status: RunStatus;
  counters: RunCounters;
  error: RunError | null;
  queryId: string | null;
  location: string | null;
}

export interface RunHooks {
  signal: AbortSignal;
  progress(progress: Progress): void;
  /** The engine's worker file, run again as this run's reader thread. */
  engineFile: string;
}

async function* digested(batches: AsyncIterable<PreparedBatch>): AsyncIterable<PreparedBatch> {
  for await (const batch of batches) yield digestBatch(batch);
}

class Stop extends Error {
  constructor(readonly error: RunError) {
    super(error.message);
  }
}

const CANCELLED: RunError = { code: 'cancelled', message: 'The run was cancelled.', remedy: 'Run it again when you are ready: rows not acknowledged are sent again.' };

/** Throws when a batch exhausted its retries: the destination is down, so the run stops. */
function stopIfUnreachable(pipeline: Pipeline): void {
  const down = pipeline.unreachable;
  if (!down) return;
  throw new Stop({
    code: 'destination_unreachable',
    message: `The destination stopped answering (${down.message}), so Floe stopped the run after a batch failed ${down.attempts} times.`,
    remedy: 'Check that the destination is up and reachable, then run again: rows it did not acknowledge are sent again.',
  });
}

/** The query this run executes, with its bound values, by strategy. */
function plan(job: RunJob, state: { watermark: string | null; lastSuccessStartedAt: string | null }) {
  const { sync } = job;
  if (sync.strategy === 'incremental' && sync.watermarkColumn) {
    return incrementalSql(sync.query, sync.watermarkColumn, decodeWatermark(state.watermark));
  }
  const bound = bindTemplate(sync.query, { last_sync_time: state.lastSuccessStartedAt ?? EPOCH });
  if (!bound.ok) throw new Stop({ code: 'template', message: bound.reason, remedy: 'Correct the template value in the query.' });
  return { sql: bound.sql, binds: bound.binds };
}

/**
 * One sync run, start to finish: read the query as a stream, decide per row by strategy, map,
 * batch and deliver, and commit what the destination acknowledged as it goes. Every row read ends
 * as sent, rejected (with a reason, kept for the next run), unchanged or skipped.
 */
export async function runSync(job: RunJob, db: Database, hooks: RunHooks): Promise<RunOutcome> {
  const { sync } = job;
  const counters = emptyCounters();
  const store = new RunStore(db, sync.id, job.runId);
  const module = destinationModule(job.destination.kind);
  let phase: Phase = 'connecting';
  let queryId: string | null = null;
  let location: string | null = null;
  const started = Date.now();
  const report = () =>
    hooks.progress({ runId: job.runId, phase, counters: { ...counters }, rowsPerSecond: Math.round(counters.read / Math.max(0.001, (Date.now() - started) / 1000)) });
  const ticker = setInterval(report, 250);
  store.start(new Date(job.startedAt));

  let session: Session | null = null;
  let source: RowSource | null = null;
  let pipeline: Pipeline | null = null;
  const cancel = () => void source?.close();
  hooks.signal.addEventListener('abort', cancel, { once: true });

  const finish = (status: RunStatus, error: RunError | null, advance: Parameters<RunStore['finish']>[3]): RunOutcome => {
    // Every row read and not otherwise accounted for was skipped (cancelled or stopped early).
    counters.skipped = counters.read - counters.sent - counters.rejected - counters.unchanged;
    store.finish(status, counters, error, advance);
    phase = 'done';
    report();
    return { status, counters, error, queryId, location };
  };

  try {
    if (!module) {
      throw new Stop({ code: 'destination_unsupported', message: `Floe cannot send to ${job.destination.kind} destinations yet.`, remedy: 'Choose an HTTP endpoint or a file destination.' });
    }
    const settings = module.settings.parse(job.destination.settings);
    const limits = module.limits(settings);
    const state = store.state();
    const trackSnapshots = sync.strategy === 'diff';
    const trackWatermark = sync.strategy === 'incremental' && sync.watermarkColumn !== null;
    session = await module.open({ settings, secrets: job.destinationSecrets, runId: job.runId, syncName: sync.name, now: new Date(job.startedAt) });
    pipeline = new Pipeline({
      session,
      limits,
      limiter: new SharedRateLimiter(job.rateLimit, limits.ratePerSecond),
      store,
      counters,
      trackSnapshots,
      stage: module.acknowledgesAtFinish,
      trackWatermark,
      signal: hooks.signal,
    });

    const spec: PrepareSpec = { syncId: sync.id, mapping: sync.mapping, primaryKey: sync.primaryKey, watermarkColumn: trackWatermark ? sync.watermarkColumn : null };

    /**
     * One prepared row through the strategy and into the pipeline. Returns a promise only when
     * the pipeline pushes back (a batch is waiting for room): most rows pass without an await.
     */
    const offer = (batch: PreparedBatch, i: number, verdict: number, reoffers?: number): Promise<void> | undefined => {
      const key = batch.keys[i] ?? `#${counters.read}`;
      const reason = batch.reasons?.[i];
      if (reason) return void pipeline!.reject({ rowKey: key, reason, destinationMessage: null, retryable: false, source: sourceAt(batch, i) });
      if (verdict === DUPLICATE) {
        return void pipeline!.reject({ rowKey: key, reason: `duplicate primary key: another row of this result has ${sync.primaryKey.join(', ')} = ${key}`, destinationMessage: null, retryable: false, source: sourceAt(batch, i) });
      }
      if (verdict === UNCHANGED) {
        counters.unchanged += 1;
        return;
      }
      const digest = batch.digests[i]!;
      const jsonBytes = batch.offsets[2 * i + 2]! - batch.offsets[2 * i + 1]!;
      const bytes = module.recordBytes(jsonBytes, { op: 'upsert', rowKey: key }, settings);
      return pipeline!.push(new PreparedRecord(batch, i, key, digest, bytes, reoffers));
    };

    // Rows an earlier run rejected come first: incremental queries will not return them again.
    const reoffered = job.retryOf ? store.openRejections(job.retryOf) : sync.strategy === 'incremental' ? store.openRejections() : [];
    phase = 'extracting';
    for (const rejection of reoffered) {
      if (hooks.signal.aborted) break;
      stopIfUnreachable(pipeline);
      counters.read += 1;
      // Offered again as they are: a rejected row is not judged by the diff a second time.
      if (rejection.source) await offer(digestBatch(prepareBatch([rejection.source], spec)), 0, SEND, rejection.id);
      else pipeline.reject({ rowKey: rejection.rowKey, reason: 'the rejected row was not kept, so it cannot be offered again', destinationMessage: null, retryable: false, source: null });
    }

    if (!job.retryOf && !hooks.signal.aborted) {
      const { sql, binds } = plan(job, state);
      try {
        // One chunk downloading ahead of the one being read is enough while delivery, not
        // download, sets the pace; each extra prefetched chunk is tens of MB held in memory.
        const options = { ...driverOptions(job.connection, job.credentials, 60_000), resultPrefetch: 1 } as DriverOptions;
        source = await openRowSource({ engineFile: hooks.engineFile, heapMb: READER_HEAP_MB, youngMb: READER_YOUNG_MB, options, sql, binds, prepare: spec, signal: hooks.signal });
      } catch (error) {
        if (hooks.signal.aborted) throw new Stop(CANCELLED);
        if (error instanceof ReaderOutOfMemory) throw error;
        const driverError = error instanceof SourceOpenError ? error.driverError : readDriverError(error);
        const problem = explainError(driverError, job.connection, { host: job.connection.accessUrl ?? job.connection.account, fingerprint: null });
        throw new Stop({ code: problem.code, message: problem.message, remedy: problem.remedy });
      }
      queryId = source.queryId;
      if (queryId) store.setQueryId(queryId);
      if (source.columns.length > MAX_COLUMNS) {
        throw new Stop({ code: 'too_many_columns', message: `The query returns ${source.columns.length} columns; Floe syncs at most ${MAX_COLUMNS}.`, remedy: 'Select only the columns the destination needs.' });
      }
      const watermarkType = sync.watermarkColumn ? source.columns.find((c) => c.name.toLowerCase() === sync.watermarkColumn!.toLowerCase())?.type : undefined;
      if (sync.watermarkColumn && source.columns.length && !watermarkType) {
        throw new Stop({ code: 'watermark_column_missing', message: `The query has no column ${sync.watermarkColumn} to track new rows by.`, remedy: 'Add it to the SELECT list, or choose another timestamp column.' });
      }
      phase = 'delivering';
      reading: for await (const batch of digested(source.batches)) {
        const verdicts = trackSnapshots ? store.triage(batch.keys, batch.digests) : null;
        for (let i = 0; i < batch.count; i++) {
          if (hooks.signal.aborted) break reading;
          counters.read += 1;
          if (counters.read > sync.rowLimit) {
            counters.read -= 1;
            throw new Stop({ code: 'row_limit', message: `The query returned more than ${sync.rowLimit.toLocaleString('en-US')} rows, this sync's limit.`, remedy: 'Narrow the query (or use an incremental strategy), or raise the row limit.' });
          }
          const pushedBack = offer(batch, i, verdicts ? verdicts[i]! : SEND);
          if (pushedBack) {
            await pushedBack;
            stopIfUnreachable(pipeline);
          }
        }
      }

      if (trackSnapshots && module.supportsDeletes && !hooks.signal.aborted) {
        for (const removed of store.removedKeys()) {
          stopIfUnreachable(pipeline);
          await pipeline.push({
            rowKey: removed.rowKey,
            idempotencyKey: deleteKey(sync.id, removed.rowKey, removed.hash),
            op: 'delete',
            payload: {},
            hash: removed.hash,
            watermark: null,
            source: null,
            bytes: module.recordBytes(2, { op: 'delete', rowKey: removed.rowKey }, settings),
          });
        }
      }
    }

    phase = 'committing';
    await pipeline.drain();
    stopIfUnreachable(pipeline);
    if (hooks.signal.aborted || pipeline.wasInterrupted) {
      await session.abort();
      return finish('cancelled', CANCELLED, null);
    }
    const finished = await session.finish();
    location = finished.location;
    if (module.acknowledgesAtFinish) store.commitStaged();

    const advance = {
      lastSuccessStartedAt: job.startedAt,
      // After a complete run every row is accounted for (rejected ones are re-offered next run).
      watermark: trackWatermark ? (pipeline.maxWatermark ?? undefined) : undefined,
    };
    const status: RunStatus = counters.rejected === 0 ? 'succeeded' : counters.sent + counters.unchanged > 0 ? 'partially_succeeded' : 'failed';
    const error =
      counters.rejected === 0
        ? null
        : { code: 'rows_rejected', message: `${counters.rejected.toLocaleString('en-US')} row(s) were rejected.`, remedy: 'See each row’s reason in the run, fix the data or mapping, then retry the rejected rows.' };
    return finish(status, error, advance);
  } catch (error) {
    if (pipeline) await pipeline.drain().catch(() => undefined);
    await session?.abort().catch(() => undefined);
    const failure: RunError =
      error instanceof Stop
        ? error.error
        : error instanceof ReaderOutOfMemory
          ? {
              code: 'reader_out_of_memory',
              message: `The query's result came in chunks too large for Floe to read: ${error.message}.`,
              remedy: 'Select fewer or narrower columns (large VARIANT or text values make large chunks), or split the query into smaller ones.',
            }
        : error instanceof DeliveryError
          ? { code: 'destination_error', message: error.message, remedy: 'Check the destination’s settings (and that its folder or endpoint is reachable), then run again.' }
          : { code: 'engine_error', message: `The run stopped unexpectedly: ${(error as Error).message}`, remedy: 'Run it again; rows not acknowledged are sent again. If it keeps failing, the log file has details.' };
    return finish(hooks.signal.aborted ? 'cancelled' : 'failed', failure, null);
  } finally {
    clearInterval(ticker);
    hooks.signal.removeEventListener('abort', cancel);
    await source?.close();
  }
}
