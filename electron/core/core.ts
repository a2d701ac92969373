import { ConnectionService } from './connections/connection-service';
import { EngineHost } from './engine-host/engine-host';
import { EventBus } from './event-bus';
import { createHandlers, type CoreContext } from './handlers';
import type { Handlers } from './ipc/dispatch';
import { KeyStore } from './keys/key-store';
import { createLogger, type Logger } from './log';
import { dataPaths, type DataPaths } from './paths';
import { Keychain, type SecretStore } from './secrets';
import { openStore, type Store } from './store';
import { readVersion } from './version';

export interface CoreOptions {
  home: string;
  mode: 'desktop' | 'headless';
  /** better_sqlite3.node built for Electron's ABI; plain Node uses the default build. */
  nativeBinding?: string;
  secrets?: SecretStore;
  echoLog?: boolean;
  /** How long a connection test may take before it is abandoned. */
  connectionTestTimeoutMs?: number;
  /** The built engine worker; found beside the bundle (or in out/main when run from source). */
  workerFile?: string;
}

export interface Core extends CoreContext {
  handlers: Handlers;
  close(): Promise<void>;
}

/** The composition root shared by the Electron main process, the headless host and the CLI. */
export function createCore(options: CoreOptions): Core {
  // Floe never probes cloud metadata endpoints on a user's machine (see DESIGN.md §6).
  process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= 'true';

  const paths: DataPaths = dataPaths(options.home);
  const log: Logger = createLogger(paths.logFile, { echo: options.echoLog ?? false });
  const store: Store = openStore(paths.database, { nativeBinding: options.nativeBinding });
  const interrupted = store.runs.failInterrupted();
  if (interrupted > 0) log.warn('runs.interrupted', { count: interrupted });


  const secrets = options.secrets ?? new Keychain();
  const keys = new KeyStore(store, secrets, log);
  const events = new EventBus();
  const connections = new ConnectionService(store, secrets, keys, log, options.connectionTestTimeoutMs);
  const engine = new EngineHost({ store, secrets, connections, events, log, databaseFile: paths.database, nativeBinding: options.nativeBinding, workerFile: options.workerFile });
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
    status: () => engine.status(),
  };
  log.info('core.started', { mode: options.mode, version: ctx.version });

  return {
    ...ctx,
    handlers: createHandlers(ctx),
    close: async () => {
      // Runs stop first, committing what was acknowledged; the store closes last.
      await engine.stopAll();
      store.close();
      log.info('core.stopped');
    },
  };
}
