import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { FloeError } from '../errors';
import { migrate } from './migrate';
import { migrations } from './migrations';

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running ABI (Electron passes its own copy). */
  nativeBinding?: string;
}

/**
 * Opens (creating if needed) Floe's SQLite file: WAL so the UI can read while a run commits,
 * a busy timeout so the CLI and the app can share the file, foreign keys on, then migrations.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Database;
  try {
    db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    throw new FloeError(
      'store_unavailable',
      `Floe could not open its database at ${file}: ${(error as Error).message}.`,
      'Check that the folder exists and is writable, or set FLOE_HOME to another folder.',
      { cause: error },
    );
  }
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  migrate(db, migrations);
  return db;
}
