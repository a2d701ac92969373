import type { Database } from 'better-sqlite3';
import type { RunStatus } from '../../shared/schemas';
import { explainQueryError, statementProblem, withSqlInline } from '../snowflake/query-errors';
import { queryBody } from '../snowflake/statements';
import { readDriverError, type DriverOptions } from '../snowflake/driver';
import { driverOptions } from '../snowflake/driver-options';
import { SharedRateLimiter } from './delivery/rate-limiter';
import { destinationModule, shaperFor } from './destinations';
import { moveIntoPlace, testPauseAtPublish, type Publication } from './destinations/publish';
import { DeliveryError, type BatchContext, type Session } from './destinations/types';
import { emptyCounters, type RunJob } from './job';
import { inFieldOrder } from './mapping/map-row';
import { Pipeline } from './pipeline';
import type { Phase, Progress, RunError, RunOutcome } from './protocol';
import { CANCELLED, Stop, columnProblems } from './run-checks';
import { deleteKey } from './rows/idempotency';
import { PreparedRecord, digestBatch, payloadText, prepareBatch, sourceAt, type PrepareSpec, type PreparedBatch } from './rows/prepared';
import { queryLocator } from './source/query-location';
import { openRowSource, ReaderOutOfMemory, SourceOpenError, type RowSource } from './source/threaded-source';
import { PlanError, strategyFor, type Strategy } from './strategies';
import { RunStore } from './state/run-store';
import type { DestinationModule } from './destinations';

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

/** What a row became, for a dry run to show: the run decides, the recorder only watches. */
export interface RowSeen {
  key: string | null;
  status: 'send' | 'unchanged' | 'rejected';
  reason: string | null;
  payload: Record<string, unknown> | null;
}

/**
 * A dry run is this same run with a recording session and read-only state: it reads a sample,
 * and watches what the run decides for each row and each request.
 */
export interface DryRunWatch {
  sample: number;
  session(module: DestinationModule, settings: unknown, context: BatchContext): Session;
  columns(columns: RowSource['columns'], queryId: string | null): void;
  row(row: RowSeen): void;
  problem(problem: RunError): void;
}

export interface RunHooks {
  signal: AbortSignal;
  progress(progress: Progress): void;
  /** The engine's worker file, run again as this run's reader thread. */
  engineFile: string;
  dryRun?: DryRunWatch;
}

/**
 * Files of committed runs killed before moving them into place (roll forward): moved now, so their
 * rows, which the committed state counts as delivered, are in place. One that cannot be moved
 * stays due, for the next run.
 */
function publishDue(store: RunStore): void {
  for (const due of store.duePublications()) {
    let moved: ReturnType<typeof moveIntoPlace>;
    try {
      moved = moveIntoPlace(due);
    } catch (error) {
      store.event('note', `Floe could not move the file ${due.target} of an earlier run into place (${(error as Error).message}); the next run tries again.`);
      continue;
    }
    if (moved === 'missing') store.event('note', `The file ${due.target} of an earlier run was neither in place nor beside it under its hidden name; its rows were recorded as delivered.`);
    store.published(due.runId);
  }
}

/** Moves this run's file into place after its state is committed; if that fails, the next run does. */
async function publishNow(store: RunStore, publication: Publication): Promise<void> {
  await testPauseAtPublish();
  try {
    moveIntoPlace(publication);
    store.published(store.runId);
  } catch (error) {
    store.event('note', `Floe could not move the file into place (${(error as Error).message}); the next run of any sync does.`);
  }
}

/** Wraps a query so only a sample is read. */
function sampleSql(sql: string, limit: number): string {
  return `SELECT * FROM (${queryBody(sql)}) AS floe_sample LIMIT ${Math.max(1, Math.floor(limit))}`;
}

/** Throws when a batch exhausted its retries: the destination is down, so the run stops. */
function stopIfUnreachable(pipeline: Pipeline): void {
  const down = pipeline.unreachable;
  if (!down) return;
  if (down.remedy) throw new Stop({ code: 'destination_refused', message: down.message, remedy: down.remedy });
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(down.message)) {
    throw new Stop({
      code: 'destination_unreachable',
      message: `Floe could not find the destination's host (${down.message}), so it stopped the run after a batch failed ${down.attempts} times.`,
      remedy: 'Check the host name in the destination’s URL, and your network or VPN, then run again: the rows not sent are sent by the next run.',
    });
  }
  throw new Stop({
    code: 'destination_unreachable',
    message: `The destination stopped answering (${down.message}), so Floe stopped the run after a batch failed ${down.attempts} times.`,
    remedy: 'Check that the destination is up and reachable, then run again: the rows not sent are sent by the next run.',
  });
}

function failureOf(error: unknown): RunError {
  if (error instanceof Stop) return error.error;
  if (error instanceof ReaderOutOfMemory) {
    return {
      code: 'reader_out_of_memory',
      message: `The query's result came in chunks too large for Floe to read: ${error.message}.`,
      remedy: 'Select fewer or narrower columns (large VARIANT or text values make large chunks), or split the query into smaller ones.',
    };
  }
  if (error instanceof DeliveryError) return { code: 'destination_error', message: error.message, remedy: 'Check the destination’s settings (and that its folder or endpoint is reachable), then run again.' };
  return { code: 'engine_error', message: `The run stopped unexpectedly: ${(error as Error).message}`, remedy: 'Run it again; rows not acknowledged are sent again. If it keeps failing, the log file has details.' };
}

/** A row's mapped payload in the query's field order, for a dry run to show (null if it could not be mapped). */
function shown(batch: PreparedBatch, i: number): Record<string, unknown> | null {
  if (batch.reasons?.[i]) return null;
  return inFieldOrder(JSON.parse(payloadText(batch, i)) as Record<string, unknown>, batch.fields ?? undefined);
}

/**
 * One sync run, start to finish: the strategy plans the query; rows stream from the reader
 * thread, each judged by the strategy, mapped, batched and delivered; what the destination
 * acknowledged is committed as it goes. Every row read ends as sent, rejected (with a reason,
 * kept and offered again), unchanged or skipped, counted where it happens. A dry run is this run
 * on a sample, with a recording session and read-only state.
 */
const PHASE_WORDS: Record<'connecting' | 'extracting' | 'delivering' | 'committing', string> = {
  connecting: 'Connecting to Snowflake.',
  extracting: 'Query running; reading rows.',
  delivering: 'Delivering to the destination.',
  committing: 'Recording what the destination acknowledged.',
};

export async function runSync(job: RunJob, db: Database, hooks: RunHooks): Promise<RunOutcome> {
  const { sync } = job;
  const dry = hooks.dryRun ?? null;
  const counters = emptyCounters();
  const strategy: Strategy | null = strategyFor(sync);
  const module = destinationModule(job.destination.kind);
  const staged = !dry && !!module.acknowledgesAtFinish;
  const store = new RunStore(db, sync.id, job.runId, { trackSnapshots: !!strategy?.tracksSnapshots, staged, readOnly: !!dry });
  let phase: Phase = 'connecting';
  let queryId: string | null = null;
  let location: string | null = null;
  const started = Date.now();
  const report = () =>
    hooks.progress({ runId: job.runId, phase, counters: { ...counters }, rowsPerSecond: Math.round(counters.read / Math.max(0.001, (Date.now() - started) / 1000)) });
  const ticker = dry ? null : setInterval(report, 250);
  store.start(new Date(job.startedAt));
  const enter = (next: keyof typeof PHASE_WORDS) => {
    if (phase === next) return;
    phase = next;
    store.event(next, PHASE_WORDS[next]);
  };
  store.event('connecting', PHASE_WORDS.connecting);

  let session: Session | null = null;
  let source: RowSource | null = null;
  let pipeline: Pipeline | null = null;
  const cancel = () => void source?.close();
  hooks.signal.addEventListener('abort', cancel, { once: true });

  const finish = (status: RunStatus, error: RunError | null, advance: Parameters<RunStore['finish']>[3]): RunOutcome => {
    const accounted = counters.sent + counters.rejected + counters.unchanged + counters.skipped;
    if (accounted !== counters.read && !error) {
      // Never expected; if it happens, the run says so rather than reporting numbers that lie.
      error = { code: 'engine_accounting', message: `Floe read ${counters.read} rows but accounted for ${accounted}.`, remedy: 'Run the sync again, and report this with the log file.' };
      status = 'failed';
    }
    store.finish(status, counters, error, advance);
    phase = 'done';
    if (!dry) report();
    return { status, counters, error, queryId, location };
  };

  try {
    if (!strategy) {
      throw new Stop({ code: 'strategy_unsupported', message: `Floe cannot run ${sync.strategy} syncs yet.`, remedy: 'Choose the full, incremental or changed-rows (diff) strategy.' });
    }
    const dataType = module.descriptor.dataTypes.find((t) => t.id === sync.dataType);
    if (!dataType) {
      throw new Stop({
        code: 'data_type_unsupported',
        message: `${module.descriptor.label} destinations take no data type called "${sync.dataType}".`,
        remedy: `Edit the sync and choose ${module.descriptor.dataTypes.map((t) => `"${t.id}"`).join(' or ')}.`,
      });
    }
    const settings = module.descriptor.settings.parse(job.destination.settings);
    const sendsDeletes = strategy.sendsDeletes && dataType.operations.includes('delete') && (module.sendsDeletes?.(settings) ?? true);
    const limits = module.limits(settings, dataType);
    if (!dry) {
      publishDue(store);
      module.sweep?.(settings, (runId) => store.runOver(runId));
    }
    const context: BatchContext = { syncName: sync.name, now: new Date(job.startedAt), dataType };
    session = dry ? dry.session(module, settings, context) : await module.open({ ...context, settings, secrets: job.destinationSecrets, runId: job.runId });
    const line = new Pipeline({
      session,
      limits,
      limiter: new SharedRateLimiter(job.rateLimit, limits.ratePerSecond),
      store,
      counters,
      stage: staged,
      trackWatermark: strategy.watermarkColumn !== null,
      signal: hooks.signal,
      onRetry: (message) => store.event('retry', `Retrying: ${message}`),
    });
    pipeline = line;
    if (module.repeats && !dry && !job.retryOf) {
      // Rows the run before sent without an answer (killed or cancelled mid-request) go out
      // again now: without an idempotency key, the destination may store them twice.
      const unanswered = store.previousInFlight();
      if (unanswered > 0) {
        counters.maybeDuplicated += unanswered;
        const label = module.descriptor.label;
        store.event('note', `The run before this one stopped with ${unanswered} row${unanswered === 1 ? '' : 's'} sent to ${label} and no answer; this run sends them again, so ${label} may store them twice (${module.repeats.hint(dataType)}).`);
      }
    }
    const spec: PrepareSpec = {
      syncId: sync.id,
      mapping: sync.mapping,
      primaryKey: sync.primaryKey,
      watermarkColumn: strategy.watermarkColumn,
      destination: { kind: job.destination.kind, dataType: dataType.id, settings },
    };

    // Open rejections of earlier runs (or of the run being retried), by key: a row this run
    // judges again replaces its old rejection; the others are offered again after the query.
    const open = new Map<string, number[]>();
    for (const r of job.retryOf ? store.openRejections(job.retryOf) : store.openRejections()) {
      const ids = open.get(r.rowKey);
      if (ids) ids.push(r.id);
      else open.set(r.rowKey, [r.id]);
    }
    const replaced = (key: string): number[] | undefined => {
      const ids = open.get(key);
      if (ids) open.delete(key);
      return ids;
    };

    /**
     * One prepared row through the strategy's verdict and into the pipeline. Returns a promise
     * only when the pipeline pushes back (a batch is waiting for room): most rows pass without an
     * await. `resolves` are the open rejections this row's outcome settles.
     */
    const offer = (batch: PreparedBatch, i: number, facts: { duplicate: boolean; snapshot: string | undefined }, resolves: readonly number[] | undefined): Promise<void> | undefined => {
      const key = batch.keys[i] ?? `#${counters.read}`;
      const digest = batch.digests[i] ?? null;
      const verdict = strategy.verdict({ key: batch.keys[i] ?? null, reason: batch.reasons?.[i] ?? null, duplicate: facts.duplicate, digest, snapshot: facts.snapshot }, sync.primaryKey);
      const reject = (reason: string) => {
        line.reject({ rowKey: key, reason, destinationMessage: null, retryable: false, source: sourceAt(batch, i), supersedes: resolves });
        dry?.row({ key: batch.keys[i] ?? null, status: 'rejected', reason, payload: shown(batch, i) });
      };
      if (verdict.verdict === 'reject') return void reject(verdict.reason);
      if (verdict.verdict === 'unchanged') {
        counters.unchanged += 1;
        if (resolves) line.resolve(resolves);
        dry?.row({ key, status: 'unchanged', reason: null, payload: shown(batch, i) });
        return;
      }
      const jsonBytes = batch.offsets[2 * i + 2]! - batch.offsets[2 * i + 1]!;
      const bytes = module.recordBytes(jsonBytes, { op: 'upsert', rowKey: key }, settings);
      if (bytes > limits.maxBytes) return void reject(`the record is ${bytes} bytes, over the destination's ${limits.maxBytes}-byte batch limit`);
      if (limits.maxRecordBytes && bytes > limits.maxRecordBytes) return void reject(`the record is ${bytes} bytes, over ${module.descriptor.label}'s ${limits.maxRecordBytes}-byte limit for one record`);
      dry?.row({ key, status: 'send', reason: null, payload: shown(batch, i) });
      return line.push(new PreparedRecord(batch, i, key, digest!, bytes, resolves));
    };

    if (!job.retryOf && !hooks.signal.aborted) {
      enter('extracting');
      const statements = statementProblem(sync.query, dry ? 'dry-run' : 'run');
      if (statements) throw new Stop(withSqlInline(statements));
      let plan;
      try {
        plan = strategy.plan(sync, store.state());
      } catch (error) {
        if (error instanceof PlanError) throw new Stop({ code: 'template', message: error.message, remedy: 'Correct the template value in the query.' });
        throw error;
      }
      const sql = dry ? sampleSql(plan.sql, dry.sample) : plan.sql;
      try {
        // One chunk downloading ahead of the one being read is enough while delivery, not
        // download, sets the pace; each extra prefetched chunk is tens of MB held in memory.
        const options = { ...driverOptions(job.connection, job.credentials, 60_000), resultPrefetch: 1 } as DriverOptions;
        source = await openRowSource({ engineFile: hooks.engineFile, heapMb: READER_HEAP_MB, youngMb: READER_YOUNG_MB, options, sql, binds: plan.binds, prepare: spec, signal: hooks.signal });
      } catch (error) {
        if (hooks.signal.aborted) throw new Stop(CANCELLED);
        if (error instanceof ReaderOutOfMemory) throw error;
        const driverError = error instanceof SourceOpenError ? error.driverError : readDriverError(error);
        // The run's record shows no SQL block: a GRANT that fixes it is written into the remedy.
        throw new Stop(withSqlInline(explainQueryError(driverError, job.connection, { query: sync.query, locate: queryLocator(sync.query, sql), action: dry ? 'dry-run' : 'run' })));
      }
      queryId = source.queryId;
      if (queryId) store.setQueryId(queryId);
      dry?.columns(source.columns, queryId);
      for (const problem of columnProblems(source.columns, sync, strategy)) {
        if (dry) dry.problem(problem);
        else if (problem.fatal) throw new Stop({ code: problem.code, message: problem.message, remedy: problem.remedy });
      }

      enter('delivering');
      const none = { duplicate: false, snapshot: undefined };
      reading: for await (const raw of source.batches) {
        const batch = digestBatch(raw);
        const triage = strategy.tracksSnapshots ? store.triage(batch.keys) : null;
        for (let i = 0; i < batch.count; i++) {
          if (hooks.signal.aborted) break reading;
          counters.read += 1;
          if (counters.read > sync.rowLimit) {
            counters.read -= 1;
            throw new Stop({ code: 'row_limit', message: `The query returned more than ${sync.rowLimit.toLocaleString('en-US')} rows, this sync's limit.`, remedy: 'Narrow the query (or use an incremental strategy), or raise the row limit.' });
          }
          const key = batch.keys[i];
          const resolves = open.size && key ? replaced(key) : undefined;
          const pushedBack = offer(batch, i, triage ? { duplicate: triage.duplicate[i] === 1, snapshot: triage.snapshots[i] } : none, resolves);
          if (pushedBack) {
            await pushedBack;
            stopIfUnreachable(line);
          }
        }
      }
    }

    // Rows earlier runs rejected, offered again as they were (not judged by the diff a second
    // time): a retry offers its run's, an incremental run the ones its query will not return.
    if ((job.retryOf || !strategy.readsEverything) && !hooks.signal.aborted) {
      enter('delivering');
      const reoffer = { ...spec, watermarkColumn: null };
      const shaper = shaperFor(spec.destination);
      for (const [rowKey, ids] of open) {
        for (const id of ids) {
          if (hooks.signal.aborted || (dry && counters.read >= dry.sample)) break;
          stopIfUnreachable(line);
          counters.read += 1;
          const kept = store.rejectedSource(id);
          if (!kept) {
            line.reject({ rowKey, reason: 'the rejected row was not kept, so it cannot be offered again', destinationMessage: null, retryable: false, source: null, supersedes: [id] });
            dry?.row({ key: rowKey, status: 'rejected', reason: 'the rejected row was not kept', payload: null });
            continue;
          }
          await offer(digestBatch(prepareBatch([kept], reoffer, [kept], shaper)), 0, { duplicate: false, snapshot: undefined }, [id]);
        }
      }
    }

    if (sendsDeletes && !dry && !job.retryOf && !hooks.signal.aborted) {
      for (const removed of store.removedKeys(new Date(job.startedAt).toISOString())) {
        stopIfUnreachable(line);
        await line.push({
          rowKey: removed.rowKey,
          idempotencyKey: deleteKey(sync.id, removed.rowKey, removed.hash),
          op: 'delete',
          payload: {},
          goneSince: removed.goneSince,
          hash: removed.hash,
          watermark: null,
          source: null,
          bytes: module.recordBytes(2, { op: 'delete', rowKey: removed.rowKey }, settings),
        });
      }
    }

    enter('committing');
    await line.drain();
    stopIfUnreachable(line);
    if (hooks.signal.aborted || line.wasInterrupted) {
      await session.abort();
      if (staged) line.discardStaged();
      return finish('cancelled', CANCELLED, null);
    }
    const finished = await session.finish();
    location = finished.location;
    const publication = staged ? finished.publish : undefined;

    const conclude = (): RunOutcome => {
      if (staged) line.commitStaged();
      if (publication) store.duePublish(publication);
      // A retry only resolves rejections: it ran no query, so nothing else advances.
      const advance = job.retryOf ? null : { state: strategy.advance({ startedAt: job.startedAt, maxWatermark: line.maxWatermark }), resolveEarlierRejections: strategy.readsEverything };
      const status: RunStatus = counters.rejected === 0 ? 'succeeded' : counters.sent + counters.unchanged > 0 ? 'partially_succeeded' : 'failed';
      const error =
        counters.rejected === 0
          ? null
          : { code: 'rows_rejected', message: `${counters.rejected.toLocaleString('en-US')} row(s) were rejected.`, remedy: 'See each row’s reason in the run, fix the data or mapping, then retry the rejected rows.' };
      return finish(status, error, advance);
    };
    if (!staged) return conclude();
    // The file's rows are on disk under a hidden name. Its acknowledgements, the run's outcome and
    // state, and the intent to move it into place commit together; then it moves. A kill between
    // the two leaves the intent, and the next run completes the move (publishDue): the rows are
    // neither lost nor, the state having moved on, written again.
    const outcome = db.transaction(conclude)();
    if (publication) await publishNow(store, publication);
    return outcome;
  } catch (error) {
    if (pipeline) await pipeline.drain().catch(() => undefined);
    await session?.abort().catch(() => undefined);
    if (pipeline && staged) pipeline.discardStaged();
    const failure = failureOf(error);
    if (dry) dry.problem(failure);
    return finish(hooks.signal.aborted ? 'cancelled' : 'failed', failure, null);
  } finally {
    if (ticker) clearInterval(ticker);
    hooks.signal.removeEventListener('abort', cancel);
    await source?.close();
  }
}
