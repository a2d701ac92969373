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
    accessUrl: r.access_url,
    status: r.status,
    lastTestedAt: r.last_tested_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

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
             auth_kind, key_fingerprint, access_url, status, created_at, updated_at)
           VALUES (@id, @name, @account, @username, @role, @warehouse, @database, @schema,
             @authKind, @keyFingerprint, @accessUrl, 'untested', @at, @at)`,
        )
        .run({ ...d, id, at });
    } catch (error) {
      throw constraintError(error, 'connection', d.name);
    }
    return this.get(id)!;
  }

  update(id: string, draft: ConnectionDraft, now = new Date()): Connection | undefined {
    const d = ConnectionDraft.parse(draft);
    try {
      this.db
        .prepare(
          `UPDATE connections SET name = @name, account = @account, username = @username, role = @role,
             warehouse = @warehouse, database_name = @database, schema_name = @schema, auth_kind = @authKind,
             key_fingerprint = @keyFingerprint, access_url = @accessUrl, status = 'untested', updated_at = @at
           WHERE id = @id`,
        )
        .run({ ...d, id, at: now.toISOString() });
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

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM connections WHERE id = ?').run(id).changes > 0;
  }
}
