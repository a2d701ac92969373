import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { migrations } from '../../../electron/core/store/migrations';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('migration 0010 (pending publishes)', () => {
  it('keeps runs from before, holds one file to publish a run, and goes with its run', () => {
    const db = new BetterSqlite3(path.join(tempDir(), 'floe.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 9));
    db.exec(`
      INSERT INTO connections (id, name, account, username, auth_kind, created_at, updated_at) VALUES ('c', 'c', 'a', 'u', 'password', 'now', 'now');
      INSERT INTO destinations (id, name, kind, created_at, updated_at) VALUES ('d', 'd', 'file', 'now', 'now');
      INSERT INTO syncs (id, name, connection_id, destination_id, source_query, strategy, created_at, updated_at) VALUES ('s', 's', 'c', 'd', 'q', 'full', 'now', 'now');
      INSERT INTO runs (id, sync_id, status, trigger, queued_at, rows_sent) VALUES ('r', 's', 'succeeded', 'manual', 'now', 5);
    `);
    migrate(db, migrations.slice(0, 10));
    expect(db.prepare('SELECT rows_sent FROM runs').pluck().get()).toBe(5);
    expect(db.prepare('SELECT count(*) FROM pending_publishes').pluck().get()).toBe(0);

    db.prepare("INSERT INTO pending_publishes (run_id, partial_path, target_path) VALUES ('r', '/f/.a.r.partial', '/f/a')").run();
    expect(() => db.prepare("INSERT INTO pending_publishes (run_id, partial_path, target_path) VALUES ('r', '/f/.b', '/f/b')").run()).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => db.prepare("INSERT INTO pending_publishes (run_id, partial_path, target_path) VALUES ('no-such-run', '/f/.b', '/f/b')").run()).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM runs WHERE id = 'r'").run();
    expect(db.prepare('SELECT count(*) FROM pending_publishes').pluck().get()).toBe(0);
  });
});
