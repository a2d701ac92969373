import type { AppStatus } from '../../shared/schemas';
import { ConnectionService } from './connections/connection-service';
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

  const status = (): AppStatus => ({ runningSyncs: 0, line: 'Floe is idle' });

  const secrets = options.secrets ?? new Keychain();
  const keys = new KeyStore(store, secrets, log);
  const ctx: CoreContext = {
    version: readVersion(),
    mode: options.mode,
    paths,
    log,
    store,
    secrets,
    events: new EventBus(),
    keys,
    connections: new ConnectionService(store, secrets, keys, log, options.connectionTestTimeoutMs),
    status,
  };
  log.info('core.started', { mode: options.mode, version: ctx.version });

  return {
    ...ctx,
    handlers: createHandlers(ctx),
    close: async () => {
      store.close();
      log.info('core.stopped');
    },
  };
}
