import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/store/migrate';
import { migrations, type Migration } from '../../../electron/core/store/migrations';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const fresh = () => new BetterSqlite3(path.join(tempDir(), 'floe.db'));

describe('migrate', () => {
  it('numbers migrations 1, 2, 3… with no gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('brings a new file to the latest version and is a no-op the second time', () => {
    const db = fresh();
    expect(migrate(db, migrations)).toEqual({ from: 0, to: migrations.length });
    expect(migrate(db, migrations)).toEqual({ from: migrations.length, to: migrations.length });
    expect(schemaVersion(db)).toBe(migrations.length);
  });

  it('applies only the migrations newer than the file', () => {
    const db = fresh();
    const extra: Migration[] = [...migrations, { version: migrations.length + 1, name: 'more', up: 'CREATE TABLE extra (x INTEGER)' }];
    migrate(db, migrations);
    expect(migrate(db, extra)).toEqual({ from: migrations.length, to: migrations.length + 1 });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get()).toBeTruthy();
  });

  it('rolls a failing migration back whole and leaves the version where it was', () => {
    const db = fresh();
    migrate(db, migrations);
    const broken: Migration[] = [
      ...migrations,
      { version: migrations.length + 1, name: 'broken', up: 'CREATE TABLE half (x INTEGER); THIS IS NOT SQL;' },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
  });

  it('refuses a file written by a newer Floe, saying what to do', () => {
    const db = fresh();
    db.pragma('user_version = 999');
    expect(() => migrate(db, migrations)).toThrow(/newer Floe/);
    expect(schemaVersion(db)).toBe(999);
  });
});
