import type { Database } from 'better-sqlite3';
import { openDatabase, type OpenOptions } from './database';
import { ConnectionsRepository } from './repositories/connections';
import { DestinationsRepository } from './repositories/destinations';
import { KeysRepository } from './repositories/keys';
import { RunsRepository } from '../../engine/state/runs-repository';
import { SyncsRepository } from './repositories/syncs';

export interface Store {
  db: Database;
  connections: ConnectionsRepository;
  destinations: DestinationsRepository;
  keys: KeysRepository;
  syncs: SyncsRepository;
  runs: RunsRepository;
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
    close: () => {
      if (db.open) db.close();
    },
  };
}
