import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { migrations } from '../../../electron/core/store/migrations';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('migration 0008 (run batches)', () => {
  it('gives runs from before nothing possibly duplicated, and a run’s receipts go with it', () => {
    const db = new BetterSqlite3(path.join(tempDir(), 'floe.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 7));
    db.exec(`
      INSERT INTO connections (id, name, account, username, auth_kind, created_at, updated_at) VALUES ('c', 'c', 'a', 'u', 'password', 'now', 'now');
      INSERT INTO destinations (id, name, kind, created_at, updated_at) VALUES ('d', 'd', 'http', 'now', 'now');
      INSERT INTO syncs (id, name, connection_id, destination_id, source_query, strategy, created_at, updated_at) VALUES ('s', 's', 'c', 'd', 'q', 'full', 'now', 'now');
      INSERT INTO runs (id, sync_id, status, trigger, queued_at, rows_sent) VALUES ('r', 's', 'succeeded', 'manual', 'now', 5);
    `);
    migrate(db, migrations.slice(0, 8));
    expect(db.prepare('SELECT rows_sent, rows_maybe_duplicated FROM runs').get()).toEqual({ rows_sent: 5, rows_maybe_duplicated: 0 });

    db.prepare("INSERT INTO run_batches (run_id, seq, status, receipt_id, records) VALUES ('r', 1, 200, 'rcpt', 5)").run();
    expect(db.prepare('SELECT warnings FROM run_batches').pluck().get()).toBe('[]');
    expect(() => db.prepare("INSERT INTO run_batches (run_id, seq, status, records) VALUES ('r', 1, 200, 1)").run()).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => db.prepare("INSERT INTO run_batches (run_id, seq, status, records) VALUES ('no-such-run', 1, 200, 1)").run()).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM runs WHERE id = 'r'").run();
    expect(db.prepare('SELECT count(*) FROM run_batches').pluck().get()).toBe(0);
  });
});
