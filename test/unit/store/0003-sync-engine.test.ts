import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { migrations } from '../../../electron/core/store/migrations';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('migration 0003 (sync engine)', () => {
  it('adds the watermark column, deleted counter, retry link and resolution marker, keeping old rows', () => {
    const db = new BetterSqlite3(path.join(tempDir(), 'floe.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 2));
    db.exec(`
      INSERT INTO connections (id, name, account, username, auth_kind, created_at, updated_at) VALUES ('c', 'c', 'a', 'u', 'password', 'now', 'now');
      INSERT INTO destinations (id, name, kind, created_at, updated_at) VALUES ('d', 'd', 'http', 'now', 'now');
      INSERT INTO syncs (id, name, connection_id, destination_id, source_query, strategy, created_at, updated_at) VALUES ('s', 's', 'c', 'd', 'select 1', 'full', 'now', 'now');
      INSERT INTO runs (id, sync_id, status, trigger, queued_at) VALUES ('r', 's', 'failed', 'manual', 'now');
      INSERT INTO rejected_rows (run_id, row_key, reason) VALUES ('r', 'k', 'null email');
    `);
    migrate(db, migrations.slice(0, 3));
    expect(db.prepare('SELECT watermark_column FROM syncs').get()).toEqual({ watermark_column: null });
    expect(db.prepare('SELECT rows_deleted, retry_of FROM runs').get()).toEqual({ rows_deleted: 0, retry_of: null });
    expect(db.prepare('SELECT resolved_by FROM rejected_rows').get()).toEqual({ resolved_by: null });
    db.exec("INSERT INTO runs (id, sync_id, status, trigger, queued_at, retry_of) VALUES ('r2', 's', 'succeeded', 'retry', 'now', 'r')");
    db.exec("DELETE FROM runs WHERE id = 'r'");
    expect(db.prepare("SELECT retry_of FROM runs WHERE id = 'r2'").get()).toEqual({ retry_of: null });
  });
});
