import { systemClock, type Clock } from './clock';
import { ConnectionService } from './connections/connection-service';
import { prepareDataFolder } from './data-folder';
import { EngineHost } from './engine-host/engine-host';
import { EventBus } from './event-bus';
import { createHandlers, type CoreContext } from './handlers';
import type { Handlers } from './ipc/dispatch';
import { KeyStore } from './keys/key-store';
import { startNotifier } from './notifications/notifier';
import { createLogger, type Logger } from './log';
import { dataPaths, type DataPaths } from './paths';
import { Scheduler } from './scheduler/scheduler';
import { Keychain, type SecretStore } from './secrets';
import { openStore, type Store } from './store';
import { readVersion } from './version';

export interface CoreOptions {
  home: string;
  mode: 'desktop' | 'headless';
  /** better_sqlite3.node built for Electron's ABI; plain Node uses the default build. */
  nativeBinding?: string;
  secrets?: SecretStore;
  /** Echo warnings and errors (true), and with 'decisions' the scheduler's and runs' info lines on stdout. */
  echoLog?: boolean | 'decisions';
  /** How long a connection test may take before it is abandoned. */
  connectionTestTimeoutMs?: number;
  /** The built engine worker; found beside the bundle (or in out/main when run from source). */
  workerFile?: string;
  /** The time as core sees it: the system clock, or a controllable one in tests. */
  clock?: Clock;
  /** The scheduler's longest sleep between looks. */
  schedulerTickMs?: number;
  /** How often a scheduled run waiting for the network checks again. */
  networkRetryMs?: number;
  /** How long a scheduled run waits for the network before it fails. */
  networkWaitLimitMs?: number;
}

export interface Core extends CoreContext {
  handlers: Handlers;
  /** Not started by createCore: the app, the headless host and `floe scheduler` start it; one-shot CLI commands do not. */
  scheduler: Scheduler;
  close(): Promise<void>;
}

/** The composition root shared by the Electron main process, the headless host and the CLI. */
export function createCore(options: CoreOptions): Core {
  // Floe never probes cloud metadata endpoints on a user's machine (see DESIGN.md §6).
  process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= 'true';

  const paths: DataPaths = dataPaths(options.home);
  prepareDataFolder(paths);
  const log: Logger = createLogger(paths.logFile, { echo: options.echoLog ?? false });
  const store: Store = openStore(paths.database, { nativeBinding: options.nativeBinding });
  const interrupted = store.runs.failInterrupted();
  if (interrupted > 0) log.warn('runs.interrupted', { count: interrupted });


  const secrets = options.secrets ?? new Keychain();
  const keys = new KeyStore(store, secrets, log);
  const events = new EventBus();
  const connections = new ConnectionService(store, secrets, keys, log, options.connectionTestTimeoutMs);
  const engine = new EngineHost({
    store, secrets, connections, events, log,
    databaseFile: paths.database,
    nativeBinding: options.nativeBinding,
    workerFile: options.workerFile,
    networkRetryMs: options.networkRetryMs,
    networkWaitLimitMs: options.networkWaitLimitMs,
  });
  const clock = options.clock ?? systemClock;
  const scheduler = new Scheduler({ store, engine, events, log, clock, tickMs: options.schedulerTickMs });
  const stopNotifier = startNotifier(store, events, log, () => clock.now());
  const ctx: CoreContext = {
    version: readVersion(),
    mode: options.mode,
    paths,
    log,
    store,
    secrets,
    events,
    keys,
    connections,
    engine,
    scheduler,
    clock,
    status: () => engine.status(),
  };
  log.info('core.started', { mode: options.mode, version: ctx.version });

  return {
    ...ctx,
    handlers: createHandlers(ctx),
    close: async () => {
      // No new runs, then runs stop, committing what was acknowledged; the store closes last.
      await scheduler.stop();
      stopNotifier();
      await engine.stopAll();
      store.close();
      log.info('core.stopped');
    },
  };
}
