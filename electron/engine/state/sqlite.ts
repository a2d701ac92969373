import BetterSqlite3, { type Database } from 'better-sqlite3';

export interface SqliteOptions {
  /** Path to a better_sqlite3.node built for the running ABI (Electron passes its own copy). */
  nativeBinding?: string;
}

/**
 * Opens Floe's SQLite file with the settings every connection to it shares: WAL so the UI can
 * read while a run commits, a busy timeout so the CLI, the app and run workers can share the
 * file, foreign keys on. Core opens it first and migrates it; a run worker opens the migrated file.
 */
export function openSqlite(file: string, options: SqliteOptions = {}): Database {
  const db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  return db;
}
