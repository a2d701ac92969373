import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { initial } from '../../../electron/core/store/migrations/0001-initial';
import { keysAndConnectionObjects } from '../../../electron/core/store/migrations/0002-keys-and-connection-objects';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('migration 0002 (keys and connection objects)', () => {
  it('keeps existing connections, giving them the defaults', () => {
    const db = new BetterSqlite3(path.join(tempDir(), 'floe.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, [initial]);
    db.exec("INSERT INTO connections (id, name, account, username, auth_kind, created_at, updated_at) VALUES ('c', 'Old', 'a', 'u', 'password', 'now', 'now')");
    migrate(db, [initial, keysAndConnectionObjects]);
    expect(db.prepare('SELECT key_id, key_slot, pending_key_id, objects_json FROM connections').get()).toEqual({
      key_id: null,
      key_slot: 1,
      pending_key_id: null,
      objects_json: '{"kind":"all"}',
    });
  });

  it('keeps a key that a connection uses from being deleted, and has no column for the private key', () => {
    const db = new BetterSqlite3(path.join(tempDir(), 'floe.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, [initial, keysAndConnectionObjects]);
    const columns = (db.prepare('PRAGMA table_info(keys)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).toEqual(['id', 'name', 'public_key', 'fingerprint', 'encrypted', 'created_at']);
    db.exec(`
      INSERT INTO keys VALUES ('k', 'Floe key', 'MIIB', 'SHA256:x', 0, 'now');
      INSERT INTO connections (id, name, account, username, auth_kind, key_id, created_at, updated_at) VALUES ('c', 'C', 'a', 'u', 'keypair', 'k', 'now', 'now');
    `);
    expect(() => db.exec("DELETE FROM keys WHERE id = 'k'")).toThrow(/FOREIGN KEY/);
    expect(() => db.exec("UPDATE connections SET key_slot = 3")).toThrow(/CHECK/);
  });
});
