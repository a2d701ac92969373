import type { AppStatus } from '../../../shared/schemas';
import type { Clock } from '../clock';
import type { ConnectionService } from '../connections/connection-service';
import type { EngineHost } from '../engine-host/engine-host';
import type { KeyStore } from '../keys/key-store';
import type { EventBus } from '../event-bus';
import type { Logger } from '../log';
import type { Scheduler } from '../scheduler/scheduler';
import type { DataPaths } from '../paths';
import type { SecretStore } from '../secrets';
import type { Store } from '../store';

/** What handlers may use. Handlers get it explicitly, so tests can build one from real parts. */
export interface CoreContext {
  version: string;
  mode: 'desktop' | 'headless';
  paths: DataPaths;
  log: Logger;
  store: Store;
  secrets: SecretStore;
  events: EventBus;
  keys: KeyStore;
  connections: ConnectionService;
  engine: EngineHost;
  scheduler: Scheduler;
  clock: Clock;
  status(): AppStatus;
}
