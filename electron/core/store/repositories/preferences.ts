import type { Database } from 'better-sqlite3';
import { Preferences } from '../../../../shared/schemas';

/** The one writer of `preferences`: one row per preference, so a new one needs no migration. */
export class PreferencesRepository {
  constructor(private readonly db: Database) {}

  get(): Preferences {
    const rows = this.db.prepare('SELECT key, value_json FROM preferences').all() as Array<{ key: string; value_json: string }>;
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value_json) as unknown]));
    // A value an older or newer Floe wrote that no longer fits falls back to the default.
    const parsed = Preferences.safeParse(stored);
    if (parsed.success) return parsed.data;
    const clean = Object.fromEntries(Object.entries(stored).filter(([key, value]) => Preferences.shape[key as keyof Preferences]?.safeParse(value).success));
    return Preferences.parse(clean);
  }

  set(change: Partial<Preferences>): Preferences {
    const upsert = this.db.prepare('INSERT INTO preferences (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json');
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(change)) if (value !== undefined) upsert.run(key, JSON.stringify(value));
    })();
    return this.get();
  }
}
