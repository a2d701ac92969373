import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { migrations } from '../../../electron/core/store/migrations';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('migration 0004 (run owner)', () => {
  it('adds the owning process to runs; runs from before have none', () => {
    const db = new BetterSqlite3(path.join(tempDir(), 'floe.db'));
    migrate(db, migrations.slice(0, 3));
    db.exec(`
      INSERT INTO connections (id, name, account, username, auth_kind, created_at, updated_at) VALUES ('c', 'c', 'a', 'u', 'password', 'now', 'now');
      INSERT INTO destinations (id, name, kind, created_at, updated_at) VALUES ('d', 'd', 'http', 'now', 'now');
      INSERT INTO syncs (id, name, connection_id, destination_id, source_query, strategy, created_at, updated_at) VALUES ('s', 's', 'c', 'd', 'q', 'full', 'now', 'now');
      INSERT INTO runs (id, sync_id, status, trigger, queued_at) VALUES ('r', 's', 'running', 'manual', 'now');
    `);
    migrate(db, migrations.slice(0, 4));
    expect(db.prepare('SELECT owner_pid FROM runs').get()).toEqual({ owner_pid: null });
  });
});
