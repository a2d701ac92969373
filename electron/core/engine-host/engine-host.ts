import { Worker } from 'node:worker_threads';
import { INSECURE_ACCESS_URL, secretLabel, type AppStatus, type DryRunResult, type QueryPreview, type Run, type RunTrigger, type SecretField, type Sync } from '../../../shared/schemas';
import { SharedRateLimiter } from '../../engine/delivery/rate-limiter';
import { descriptorFor, endpointOf } from '../../../shared/destinations';
import { accessUrlFor } from '../../snowflake/driver-options';
import { plainHttpElsewhere } from '../../../shared/url';
import type { RunJob } from '../../engine/job';
import type { WorkerReply as Reply, WorkerRequest } from '../../engine/protocol';
import type { ConnectionService } from '../connections/connection-service';
import { FloeError, isFloeError } from '../errors';
import type { EventBus } from '../event-bus';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets';
import type { Store } from '../store';
import { findWorkerFile } from './find-worker';
import { waitUntilReachable, type WaitOutcome } from './network-wait';

interface Running {
  /** Unset while the run waits for the network. */
  worker?: Worker;
  syncId: string;
  finished: Promise<Run>;
  /** Aborts a wait for the network. */
  abort: AbortController;
}

export interface StartOptions {
  retryOf?: string;
  /** Why this run happens, for the history ("Missed 3 runs while asleep; ran once."). */
  note?: string | null;
  /** The schedule slot it runs for. */
  scheduledFor?: Date | null;
  /**
   * Scheduled runs wait for Snowflake and the destination to be reachable instead of failing at
   * once: a laptop waking without Wi-Fi does not burn its run.
   */
  waitForNetwork?: boolean;
}

export interface EngineHostOptions {
  store: Store;
  secrets: SecretStore;
  connections: ConnectionService;
  events: EventBus;
  log: Logger;
  databaseFile: string;
  nativeBinding?: string;
  workerFile?: string;
  /** Heap limit of each run's worker thread. */
  workerHeapMb?: number;
  /** How often a run waiting for the network checks again. */
  networkRetryMs?: number;
  /** How long a scheduled run waits for the network before it fails (and notifies). */
  networkWaitLimitMs?: number;
}

const NETWORK_WAIT_LIMIT_MS = 2 * 3_600_000;

const CANCEL_GRACE_MS = 15_000;

/**
 * Starts one worker thread per run and relays its progress as push events. It owns the shared
 * per-destination rate limiters, refuses to run a sync twice at once (the second is recorded as
 * skipped, like the seeds' schedulers do), and records a worker that dies as a failed run.
 */
export class EngineHost {
  private readonly running = new Map<string, Running>();
  private readonly limiters = new Map<string, SharedArrayBuffer>();

  constructor(private readonly options: EngineHostOptions) {}

  get activeRuns(): number {
    return this.running.size;
  }

  /** Syncs with a run in this process (queued, waiting or running), for the tray. */
  runningSyncIds(): string[] {
    return [...new Set([...this.running.values()].map((r) => r.syncId))];
  }

  isRunning(syncId: string): boolean {
    return [...this.running.values()].some((r) => r.syncId === syncId);
  }

  private spawn(): Worker {
    return new Worker(this.options.workerFile ?? findWorkerFile(), {
      // A bounded heap makes V8 collect early: memory stays flat whatever the row count. The
      // driver's result chunks live in the run's reader thread (its own bound); this thread
      // holds prepared batches in flight, about 30 MB live at a million rows. Its young
      // generation is a third of V8's default (48 MB): it allocates few short-lived objects
      // now that rows arrive as strings, and the smaller nursery measured 15 MB less peak RSS
      // at the same speed.
      resourceLimits: { maxOldGenerationSizeMb: this.options.workerHeapMb ?? 128, maxYoungGenerationSizeMb: 16 },
      env: { ...process.env, SNOWFLAKE_DISABLE_PLATFORM_DETECTION: 'true' },
    });
  }

  private async job(syncId: string, runId: string, trigger: RunTrigger, retryOf: string | null): Promise<RunJob> {
    const sync = this.options.store.syncs.get(syncId);
    if (!sync) throw new FloeError('sync_not_found', 'That sync no longer exists.', 'Reload the list of syncs.');
    return this.jobFor(sync, runId, trigger, retryOf);
  }

  /** A run's job for a sync as given: saved, or a draft the editor has not saved. */
  private async jobFor(sync: Sync, runId: string, trigger: RunTrigger, retryOf: string | null): Promise<RunJob> {
    const { store, secrets, connections } = this.options;
    const connection = store.connections.get(sync.connectionId);
    if (!connection) throw new FloeError('connection_not_found', `The connection of "${sync.name}" no longer exists.`, 'Edit the sync and choose a connection.');
    const destination = store.destinations.get(sync.destinationId);
    if (!destination) throw new FloeError('destination_not_found', `The destination of "${sync.name}" no longer exists.`, 'Edit the sync and choose a destination.');
    const descriptor = descriptorFor(destination.kind);
    const destinationSecrets: Partial<Record<SecretField, string>> = {};
    const settings = descriptor.settings.safeParse(destination.settings);
    if (!settings.success) throw new FloeError('destination_invalid', `The settings of destination "${destination.name}" are not valid: ${settings.error.issues[0]?.message}.`, 'Edit the destination.');
    const scope = descriptor.limitScope?.(settings.data) ?? destination.id;
    for (const field of descriptor.secretFields(settings.data)) {
      const value = await secrets.get({ kind: 'destination', id: destination.id, field });
      if (!value) throw new FloeError('secret_missing', `Destination "${destination.name}" has no ${secretLabel(field)} saved.`, 'Edit the destination and enter it.');
      destinationSecrets[field] = value;
    }
    // A connection saved before https was required: its secret is not sent over plain http.
    if (plainHttpElsewhere(accessUrlFor(connection))) throw new FloeError('insecure_access_url', `The access URL of "${connection.name}" is plain http to another computer.`, INSECURE_ACCESS_URL);
    // One limiter per destination, or per what its vendor limits by (a CleverTap account).
    let limiter = this.limiters.get(scope);
    if (!limiter) this.limiters.set(scope, (limiter = SharedRateLimiter.createBuffer()));
    return {
      runId,
      sync,
      connection,
      credentials: await connections.credentials(connection),
      destination,
      destinationSecrets,
      trigger,
      retryOf,
      databaseFile: this.options.databaseFile,
      nativeBinding: this.options.nativeBinding,
      rateLimit: limiter,
      startedAt: new Date().toISOString(),
    };
  }

  /** The one-line status the tray and the sidebar show. */
  status(): AppStatus {
    const n = this.running.size;
    return { runningSyncs: n, line: n === 0 ? 'Floe is idle' : `${n} sync${n === 1 ? '' : 's'} running` };
  }

  private statusChanged(): void {
    this.options.events.emit('app.status', this.status());
  }

  /**
   * Starts a run and returns its record at once; `finished` resolves with the final record. The
   * run lease (one open run per sync, in SQLite) holds across processes: a scheduled run that
   * finds the sync running is recorded as skipped with the reason; a person asking is told.
   */
  async start(syncId: string, trigger: RunTrigger, options: StartOptions = {}): Promise<{ run: Run; finished: Promise<Run> }> {
    const { store, events, log } = this.options;
    const sync = store.syncs.get(syncId);
    if (!sync) throw new FloeError('sync_not_found', 'That sync no longer exists.', 'Reload the list of syncs.');
    const queue = { retryOf: options.retryOf, note: options.note ?? null, scheduledFor: options.scheduledFor ?? null };
    const lease: { run?: Run; holder?: Run } = this.isRunning(syncId) ? { holder: store.runs.openRun(syncId) } : store.runs.acquire(syncId, trigger, queue);
    if (!lease.run) {
      if (trigger !== 'schedule') {
        throw new FloeError('already_running', `"${sync.name}" is already running.`, 'Wait for the current run to finish, or cancel it, then run the sync again.');
      }
      const holder = lease.holder;
      if (holder?.status === 'queued') {
        // The open run has not started (it waits for the network): when it starts, it reads what
        // this slot would have. A slot a minute while offline is not worth a skipped record each.
        const slot = options.scheduledFor ? ` (${options.scheduledFor.toISOString()})` : '';
        store.runs.addEvent(holder.id, 'note', `A scheduled slot${slot} passed while this run waited; this run covers it.`);
        return { run: holder, finished: this.running.get(holder.id)?.finished ?? Promise.resolve(holder) };
      }
      const skipped = store.runs.recordSkipped(
        syncId,
        trigger,
        {
          code: 'already_running',
          message: `"${sync.name}" was still running when this scheduled run was due, so it was skipped.`,
          remedy: 'If this happens often, give the schedule a longer interval than a run takes.',
        },
        queue,
      );
      log.info('run.skipped', { syncId, reason: 'already_running', holder: lease.holder?.id });
      events.emit('runs.changed', { runId: skipped.id, syncId, status: 'skipped' });
      return { run: skipped, finished: Promise.resolve(skipped) };
    }
    const run = lease.run;
    events.emit('runs.changed', { runId: run.id, syncId, status: 'queued' });
    let job: RunJob;
    try {
      job = await this.job(syncId, run.id, trigger, options.retryOf ?? null);
    } catch (error) {
      const e = isFloeError(error) ? error.toIpc() : { code: 'engine_error', message: (error as Error).message, remedy: 'Try again.' };
      store.runs.finish(run.id, 'failed', e);
      events.emit('runs.changed', { runId: run.id, syncId, status: 'failed' });
      const failed = store.runs.get(run.id)!;
      return { run: failed, finished: Promise.resolve(failed) };
    }

    const abort = new AbortController();
    let resolveFinished!: (run: Run) => void;
    const finished = new Promise<Run>((resolve) => (resolveFinished = resolve));
    const entry: Running = { syncId, finished, abort };
    this.running.set(run.id, entry);
    this.statusChanged();
    void (async () => {
      if (options.waitForNetwork) {
        const outcome = await this.waitForNetwork(run.id, job, abort.signal);
        if (outcome.kind !== 'reachable') {
          store.runs.finish(
            run.id,
            outcome.kind === 'aborted' ? 'cancelled' : 'failed',
            outcome.kind === 'aborted'
              ? { code: 'cancelled', message: 'Cancelled while waiting for the network.', remedy: 'Run the sync again when you want it to run.' }
              : {
                  code: 'network_unreachable',
                  message: `Floe waited ${describeDuration(this.options.networkWaitLimitMs ?? NETWORK_WAIT_LIMIT_MS)} for the network and gave up: ${outcome.problem}.`,
                  remedy: 'Check the network connection, and the address of the connection or destination; the next scheduled run tries again.',
                },
          );
          this.running.delete(run.id);
          const record = store.runs.get(run.id)!;
          events.emit('runs.changed', { runId: run.id, syncId, status: record.status });
          this.statusChanged();
          resolveFinished(record);
          return;
        }
      }
      resolveFinished(await this.runInWorker(run, job, entry));
    })().catch((error: unknown) => {
      // The worker could not even start (its file missing, out of memory): the run fails, it never hangs.
      this.running.delete(run.id);
      store.runs.finish(run.id, 'failed', { code: 'engine_error', message: `The sync engine could not start: ${(error as Error).message}`, remedy: 'Try again; if it keeps happening, reinstall Floe.' });
      log.error('run.not_started', { runId: run.id, message: (error as Error).message });
      const record = store.runs.get(run.id)!;
      events.emit('runs.changed', { runId: run.id, syncId, status: record.status });
      this.statusChanged();
      resolveFinished(record);
    });
    return { run: store.runs.get(run.id)!, finished };
  }

  /**
   * Holds a queued run until Snowflake and the destination answer a TCP connect, checking again
   * every `networkRetryMs`; the wait is on the run's timeline and pushed as progress. Gives up
   * after `networkWaitLimitMs` (a wrong address never answers: the run fails, and that notifies).
   */
  private async waitForNetwork(runId: string, job: RunJob, signal: AbortSignal): Promise<WaitOutcome> {
    const { store, events, log } = this.options;
    const targets = [
      { name: 'Snowflake', url: accessUrlFor(job.connection) },
      ...[endpointOf(job.destination.kind, job.destination.settings)].filter((u): u is string => !!u).map((url) => ({ name: job.destination.name, url })),
    ];
    const counters = { read: 0, sent: 0, rejected: 0, unchanged: 0, skipped: 0, deleted: 0, maybeDuplicated: 0, bytesSent: 0 };
    let waitedSince: number | null = null;
    const outcome = await waitUntilReachable(targets, {
      retryMs: this.options.networkRetryMs ?? 30_000,
      limitMs: this.options.networkWaitLimitMs ?? NETWORK_WAIT_LIMIT_MS,
      signal,
      onWaiting: (problem) => {
        const message = `Waiting for the network: ${problem}. Floe checks again every ${Math.round((this.options.networkRetryMs ?? 30_000) / 1000)} s and starts the run when it answers.`;
        if (waitedSince === null) {
          waitedSince = Date.now();
          store.runs.addEvent(runId, 'waiting', message);
          log.info('run.waiting', { runId, problem });
        }
        events.emit('runs.progress', { runId, phase: 'waiting', counters, rowsPerSecond: 0, message });
      },
    });
    if (outcome.kind === 'reachable' && waitedSince !== null) {
      const waited = describeDuration(Date.now() - waitedSince);
      store.runs.addEvent(runId, 'waiting', `The network answered after ${waited}; starting.`);
      store.runs.setNote(runId, [store.runs.get(runId)?.note, `Waited ${waited} for the network.`].filter(Boolean).join(' '));
    }
    return outcome;
  }

  private runInWorker(run: Run, job: RunJob, entry: Running): Promise<Run> {
    const { store, events, log } = this.options;
    const syncId = run.syncId;
    const worker = this.spawn();
    entry.worker = worker;
    const finished = new Promise<Run>((resolve) => {
      let settled = false;
      const settle = (crash?: string) => {
        if (settled) return;
        settled = true;
        this.running.delete(run.id);
        if (crash) {
          // The worker died without reporting: whatever it committed stands, the rest is sent again next run.
          store.runs.finish(run.id, 'failed', { code: 'worker_crashed', message: `The sync engine stopped unexpectedly: ${crash}`, remedy: 'Run the sync again: rows not acknowledged are sent again, and nothing acknowledged is lost.' });
          log.error('run.crashed', { runId: run.id, message: crash });
        }
        const record = store.runs.get(run.id)!;
        events.emit('runs.changed', { runId: run.id, syncId, status: record.status });
        this.statusChanged();
        void worker.terminate();
        resolve(record);
      };
      worker.on('message', (reply: Reply) => {
        if (reply.type === 'progress') {
          events.emit('runs.progress', { runId: run.id, phase: reply.progress.phase, counters: reply.progress.counters, rowsPerSecond: reply.progress.rowsPerSecond });
        } else if (reply.type === 'done') {
          log.info('run.finished', { runId: run.id, status: reply.outcome.status, read: reply.outcome.counters.read, sent: reply.outcome.counters.sent, rejected: reply.outcome.counters.rejected });
          settle();
        } else if (reply.type === 'crashed') {
          settle(reply.message);
        }
      });
      worker.on('error', (error) => settle(error.message));
      // After a reported outcome this is a no-op; before one, the run did not finish.
      worker.on('exit', (code) => settle(`the worker exited (code ${code}) before finishing the run`));
    });
    // The record says running before anyone is told so: a page that reads the run on this event
    // must not find it still queued for the whole run (the worker's own start is then a no-op).
    const startedAt = new Date();
    store.runs.start(run.id, startedAt);
    worker.postMessage({ type: 'run', job: { ...job, startedAt: startedAt.toISOString() } } satisfies WorkerRequest);
    log.info('run.started', { runId: run.id, syncId, trigger: run.trigger });
    events.emit('runs.changed', { runId: run.id, syncId, status: 'running' });
    return finished;
  }

  /** Whether a sync has a run in progress here or in another process on the same data folder. */
  runningAnywhere(syncId: string): boolean {
    return this.isRunning(syncId) || this.options.store.runs.openRun(syncId) !== undefined;
  }

  /** The run's final record: at once if it has finished, else when it does. */
  async whenFinished(runId: string): Promise<Run | undefined> {
    return (await this.running.get(runId)?.finished) ?? this.options.store.runs.get(runId);
  }

  /** Asks a run to stop cleanly (the query is cancelled, in-flight batches settle); forces it after a grace period. */
  async cancel(runId: string): Promise<boolean> {
    const running = this.running.get(runId);
    if (!running) return false;
    running.abort.abort();
    const worker = running.worker;
    worker?.postMessage({ type: 'cancel' } satisfies WorkerRequest);
    const timer = setTimeout(() => void worker?.terminate(), CANCEL_GRACE_MS);
    await running.finished;
    clearTimeout(timer);
    return true;
  }

  private async ask<T extends Reply['type']>(request: WorkerRequest, expect: T): Promise<Extract<Reply, { type: T }>> {
    const worker = this.spawn();
    try {
      return await new Promise((resolve, reject) => {
        worker.on('message', (reply: Reply) => {
          if (reply.type === expect) resolve(reply as Extract<Reply, { type: T }>);
          else if (reply.type === 'crashed') reject(new FloeError('engine_error', `The sync engine stopped: ${reply.message}`, 'Try again.'));
        });
        worker.on('error', (error) => reject(new FloeError('engine_error', `The sync engine stopped: ${error.message}`, 'Try again.')));
        worker.postMessage(request);
      });
    } finally {
      void worker.terminate();
    }
  }

  /** A sample mapped and validated, with the exact request bodies; nothing sent, no state changed. */
  async dryRun(syncId: string, sampleSize: number): Promise<DryRunResult> {
    const job = await this.job(syncId, `dry-run-${Date.now()}`, 'manual', null);
    return (await this.ask({ type: 'dry-run', job, sampleSize }, 'dry-run')).result;
  }

  /**
   * The dry run of a sync as the editor holds it, before it is saved: the same run on a sample,
   * nothing stored. With a saved sync's id it reads that sync's state (a changed-rows draft sees
   * which rows are unchanged); a new sync's id has none.
   */
  async dryRunDraft(sync: Sync, sampleSize: number): Promise<DryRunResult> {
    const job = await this.jobFor(sync, `dry-run-${Date.now()}`, 'manual', null);
    return (await this.ask({ type: 'dry-run', job, sampleSize }, 'dry-run')).result;
  }

  async preview(connectionId: string, query: string, lastSyncTime = '1970-01-01T00:00:00.000Z'): Promise<QueryPreview> {
    const connection = this.options.store.connections.get(connectionId);
    if (!connection) throw new FloeError('connection_not_found', 'That connection no longer exists.', 'Choose another connection.');
    const credentials = await this.options.connections.credentials(connection);
    return (await this.ask({ type: 'preview', connection, credentials, query, lastSyncTime }, 'preview')).result;
  }

  /** Shutdown: cancel every run and wait for them to commit what was acknowledged. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.cancel(id)));
  }
}

/** "2 min 5 s", "40 s": how long a wait lasted, in the run's note. */
function describeDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
}
