import type { Database } from 'better-sqlite3';
import { FloeError } from '../errors';
import type { Migration } from './migrations';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration newer than the file's `user_version`, each in its own transaction
 * together with the version bump, so a crash leaves the file at a whole version.
 */
export function migrate(db: Database, migrations: readonly Migration[]): { from: number; to: number } {
  const from = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} is numbered ${m.version}, expected ${i + 1}.`);
  });
  if (from > latest) {
    throw new FloeError(
      'store_too_new',
      `This data folder was written by a newer Floe (schema ${from}; this Floe knows up to ${latest}).`,
      'Install the newer Floe again, or point FLOE_HOME at another folder.',
    );
  }
  for (const m of migrations) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: Math.max(from, latest) };
}
