import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

/** Each table of a floe.db as it is now: its row count and a hash of its rows. */
export type DbState = Record<string, { rows: number; hash: string }>;

/**
 * Reads every table of the SQLite file through a connection of its own (read-only, so the test
 * cannot change what it measures). Rows are hashed in a sorted order, so two states are equal
 * exactly when every table holds the same rows.
 */
export function dbState(file: string): DbState {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    const state: DbState = {};
    for (const table of tables) {
      const rows = (db.prepare(`SELECT * FROM "${table}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort();
      const hash = createHash('sha256');
      for (const row of rows) hash.update(row).update('\n');
      state[table] = { rows: rows.length, hash: hash.digest('hex').slice(0, 16) };
    }
    return state;
  } finally {
    db.close();
  }
}

/** The tables whose rows differ between two states, as "table: rows before → after" (empty when none). */
export function changedTables(before: DbState, after: DbState): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((t) => before[t]?.hash !== after[t]?.hash).map((t) => `${t}: ${before[t]?.rows ?? 'none'} → ${after[t]?.rows ?? 'none'} rows`);
}
