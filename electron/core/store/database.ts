import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { openSqlite, type SqliteOptions } from '../../engine/state/sqlite';
import { FloeError } from '../errors';
import { migrate } from './migrate';
import { migrations } from './migrations';

export type OpenOptions = SqliteOptions;

/**
 * Opens (creating if needed) Floe's SQLite file, then brings its schema up to date.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Database;
  try {
    db = openSqlite(file, options);
  } catch (error) {
    throw new FloeError(
      'store_unavailable',
      `Floe could not open its database at ${file}: ${(error as Error).message}.`,
      'Check that the folder exists and is writable, or set FLOE_HOME to another folder.',
      { cause: error },
    );
  }
  migrate(db, migrations);
  return db;
}
