import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { initial } from '../../../electron/core/store/migrations/0001-initial';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

const columns = (db: Database, table: string) =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);

describe('migration 0001 (initial)', () => {
  const open = () => {
    const db = new BetterSqlite3(path.join(tempDir(), 'floe.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, [initial]);
    return db;
  };

  it('creates every table of DESIGN.md §3 with its real columns', () => {
    const db = open();
    expect(columns(db, 'connections')).toEqual(
      expect.arrayContaining(['account', 'username', 'role', 'warehouse', 'database_name', 'schema_name', 'auth_kind', 'key_fingerprint']),
    );
    expect(columns(db, 'destinations')).toEqual(expect.arrayContaining(['kind', 'settings_json']));
    expect(columns(db, 'syncs')).toEqual(
      expect.arrayContaining(['source_query', 'strategy', 'primary_key_json', 'mapping_json', 'destination_id', 'schedule_json', 'enabled']),
    );
    expect(columns(db, 'sync_state')).toEqual(expect.arrayContaining(['watermark', 'last_success_started_at', 'cdc_offset']));
    expect(columns(db, 'snapshots')).toEqual(['sync_id', 'row_key', 'row_hash']);
    expect(columns(db, 'runs')).toEqual(
      expect.arrayContaining(['status', 'trigger', 'started_at', 'finished_at', 'rows_read', 'rows_sent', 'rows_rejected', 'rows_unchanged', 'rows_skipped', 'query_id', 'error_message']),
    );
    expect(columns(db, 'rejected_rows')).toEqual(expect.arrayContaining(['run_id', 'row_key', 'reason', 'destination_message', 'retryable']));
    expect(columns(db, 'file_loads')).toEqual(expect.arrayContaining(['path', 'size', 'sha256', 'stage_path', 'pipe', 'status', 'first_error']));
  });

  it('has no column that could hold a secret', () => {
    const db = open();
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    const all = tables.flatMap((t) => columns(db, t));
    expect(all.filter((c) => /password|private_key|passphrase|api_key|secret|token/i.test(c))).toEqual([]);
  });

  it('rejects values outside the allowed sets', () => {
    const db = open();
    const insert = (auth: string) =>
      db
        .prepare(
          "INSERT INTO connections (id, name, account, username, auth_kind, created_at, updated_at) VALUES (?, ?, 'a', 'u', ?, 'now', 'now')",
        )
        .run(auth + '-id', auth, auth);
    expect(() => insert('keypair')).not.toThrow();
    expect(() => insert('plaintext')).toThrow(/CHECK/);
  });

  it('cascades a sync’s state, snapshots and runs when the sync is deleted', () => {
    const db = open();
    db.exec(`
      INSERT INTO connections (id, name, account, username, auth_kind, created_at, updated_at) VALUES ('c', 'c', 'a', 'u', 'password', 'now', 'now');
      INSERT INTO destinations (id, name, kind, created_at, updated_at) VALUES ('d', 'd', 'http', 'now', 'now');
      INSERT INTO syncs (id, name, connection_id, destination_id, source_query, strategy, created_at, updated_at) VALUES ('s', 's', 'c', 'd', 'select 1', 'diff', 'now', 'now');
      INSERT INTO sync_state (sync_id, updated_at) VALUES ('s', 'now');
      INSERT INTO snapshots VALUES ('s', 'k', 'h');
      INSERT INTO runs (id, sync_id, status, trigger, queued_at) VALUES ('r', 's', 'succeeded', 'manual', 'now');
      INSERT INTO rejected_rows (run_id, row_key, reason) VALUES ('r', 'k', 'null email');
    `);
    expect(() => db.exec("DELETE FROM connections WHERE id = 'c'")).toThrow(/FOREIGN KEY/);
    db.exec("DELETE FROM syncs WHERE id = 's'");
    for (const table of ['sync_state', 'snapshots', 'runs', 'rejected_rows']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    }
  });
});
