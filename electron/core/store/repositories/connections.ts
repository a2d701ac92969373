import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { Connection, ConnectionDraft } from '../../../../shared/schemas';
import { constraintError } from './constraint-error';

interface Row {
  id: string;
  name: string;
  account: string;
  username: string;
  role: string | null;
  warehouse: string | null;
  database_name: string | null;
  schema_name: string | null;
  auth_kind: string;
  key_fingerprint: string | null;
  key_id: string | null;
  key_slot: number;
  pending_key_id: string | null;
  objects_json: string;
  access_url: string | null;
  status: string;
  last_tested_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

const fromRow = (r: Row): Connection =>
  Connection.parse({
    id: r.id,
    name: r.name,
    account: r.account,
    username: r.username,
    role: r.role,
    warehouse: r.warehouse,
    database: r.database_name,
    schema: r.schema_name,
    authKind: r.auth_kind,
    keyFingerprint: r.key_fingerprint,
    keyId: r.key_id,
    keySlot: r.key_slot,
    pendingKeyId: r.pending_key_id,
    objects: JSON.parse(r.objects_json),
    accessUrl: r.access_url,
    status: r.status,
    lastTestedAt: r.last_tested_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

// The fingerprint shown in lists is the key's own, copied so a listing needs no join.
const FINGERPRINT = '(SELECT fingerprint FROM keys WHERE id = @keyId)';

const params = (d: ConnectionDraft) => ({
  ...d,
  keyId: d.authKind === 'keypair' ? d.keyId : null,
  objects: JSON.stringify(d.objects),
});

const SIGN_IN_FIELDS = ['account', 'username', 'role', 'warehouse', 'database', 'schema', 'authKind', 'keyId', 'objects', 'accessUrl'] as const;

function signInChanged(before: Connection, after: ConnectionDraft): boolean {
  return SIGN_IN_FIELDS.some((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

export class ConnectionsRepository {
  constructor(private readonly db: Database) {}

  list(): Connection[] {
    return (this.db.prepare('SELECT * FROM connections ORDER BY name').all() as Row[]).map(fromRow);
  }

  get(id: string): Connection | undefined {
    const row = this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  findByName(name: string): Connection | undefined {
    const row = this.db.prepare('SELECT * FROM connections WHERE name = ?').get(name) as Row | undefined;
    return row && fromRow(row);
  }

  create(draft: ConnectionDraft, now = new Date()): Connection {
    const d = ConnectionDraft.parse(draft);
    const id = randomUUID();
    const at = now.toISOString();
    try {
      this.db
        .prepare(
          `INSERT INTO connections (id, name, account, username, role, warehouse, database_name, schema_name,
             auth_kind, key_id, key_fingerprint, objects_json, access_url, status, created_at, updated_at)
           VALUES (@id, @name, @account, @username, @role, @warehouse, @database, @schema,
             @authKind, @keyId, ${FINGERPRINT}, @objects, @accessUrl, 'untested', @at, @at)`,
        )
        .run({ ...params(d), id, at });
    } catch (error) {
      throw constraintError(error, 'connection', d.name);
    }
    return this.get(id)!;
  }

  /** A rename keeps the last test's verdict; a change to anything used to sign in clears it. */
  update(id: string, draft: ConnectionDraft, now = new Date()): Connection | undefined {
    const d = ConnectionDraft.parse(draft);
    const before = this.get(id);
    try {
      this.db
        .prepare(
          `UPDATE connections SET name = @name, account = @account, username = @username, role = @role,
             warehouse = @warehouse, database_name = @database, schema_name = @schema, auth_kind = @authKind,
             key_id = @keyId, key_fingerprint = ${FINGERPRINT}, objects_json = @objects, access_url = @accessUrl,
             status = CASE WHEN @signInChanged THEN 'untested' ELSE status END, updated_at = @at
           WHERE id = @id`,
        )
        .run({ ...params(d), id, at: now.toISOString(), signInChanged: before && signInChanged(before, d) ? 1 : 0 });
    } catch (error) {
      throw constraintError(error, 'connection', d.name);
    }
    return this.get(id);
  }

  recordTest(id: string, result: { ok: boolean; error: string | null }, now = new Date()): void {
    this.db
      .prepare('UPDATE connections SET status = ?, last_error = ?, last_tested_at = ?, updated_at = ? WHERE id = ?')
      .run(result.ok ? 'ok' : 'failed', result.error, now.toISOString(), now.toISOString(), id);
  }

  /** Starts a key rotation: the new key waits in the slot the current one does not use. */
  setPendingKey(id: string, keyId: string | null, now = new Date()): void {
    this.db.prepare('UPDATE connections SET pending_key_id = ?, updated_at = ? WHERE id = ?').run(keyId, now.toISOString(), id);
  }

  /** After a test passed with the pending key: it becomes the key, in its slot. */
  promotePendingKey(id: string, now = new Date()): void {
    this.db
      .prepare(
        `UPDATE connections SET key_id = pending_key_id, key_slot = 3 - key_slot, pending_key_id = NULL,
           key_fingerprint = (SELECT fingerprint FROM keys WHERE id = connections.pending_key_id), updated_at = ?
         WHERE id = ? AND pending_key_id IS NOT NULL`,
      )
      .run(now.toISOString(), id);
  }

  usingKey(keyId: string): Connection[] {
    return (this.db.prepare('SELECT * FROM connections WHERE key_id = ? OR pending_key_id = ?').all(keyId, keyId) as Row[]).map(fromRow);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM connections WHERE id = ?').run(id).changes > 0;
  }
}
