import type { Database } from 'better-sqlite3';
import { openDatabase, type OpenOptions } from './database';
import { ConnectionsRepository } from './repositories/connections';
import { DestinationsRepository } from './repositories/destinations';
import { KeysRepository } from './repositories/keys';
import { NotificationsRepository } from './repositories/notifications';
import { PreferencesRepository } from './repositories/preferences';
import { ScheduleStateRepository } from './repositories/schedule-state';
import { RunBatchesRepository } from '../../engine/state/run-batches-repository';
import { RunsRepository } from '../../engine/state/runs-repository';
import { SyncsRepository } from './repositories/syncs';

export interface Store {
  db: Database;
  connections: ConnectionsRepository;
  destinations: DestinationsRepository;
  keys: KeysRepository;
  syncs: SyncsRepository;
  runs: RunsRepository;
  runBatches: RunBatchesRepository;
  schedules: ScheduleStateRepository;
  notifications: NotificationsRepository;
  preferences: PreferencesRepository;
  close(): void;
}

export function openStore(file: string, options: OpenOptions = {}): Store {
  const db = openDatabase(file, options);
  return {
    db,
    connections: new ConnectionsRepository(db),
    destinations: new DestinationsRepository(db),
    keys: new KeysRepository(db),
    syncs: new SyncsRepository(db),
    runs: new RunsRepository(db),
    runBatches: new RunBatchesRepository(db),
    schedules: new ScheduleStateRepository(db),
    notifications: new NotificationsRepository(db),
    preferences: new PreferencesRepository(db),
    close: () => {
      if (db.open) db.close();
    },
  };
}
