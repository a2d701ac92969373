import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { KeyInfo } from '../../../../shared/schemas';
import { constraintError } from './constraint-error';

interface Row {
  id: string;
  name: string;
  public_key: string;
  fingerprint: string;
  encrypted: number;
  created_at: string;
}

const fromRow = (r: Row): KeyInfo =>
  KeyInfo.parse({
    id: r.id,
    name: r.name,
    publicKey: r.public_key,
    fingerprint: r.fingerprint,
    encrypted: r.encrypted === 1,
    createdAt: r.created_at,
  });

/** The public halves of key pairs; private keys live in the keychain under `key:<id>:privateKey`. */
export class KeysRepository {
  constructor(private readonly db: Database) {}

  list(): KeyInfo[] {
    return (this.db.prepare('SELECT * FROM keys ORDER BY name').all() as Row[]).map(fromRow);
  }

  get(id: string): KeyInfo | undefined {
    const row = this.db.prepare('SELECT * FROM keys WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  findByName(name: string): KeyInfo | undefined {
    const row = this.db.prepare('SELECT * FROM keys WHERE name = ?').get(name) as Row | undefined;
    return row && fromRow(row);
  }

  /** `id` is given for a draft key being saved, which keeps the id the setup SQL was written with. */
  create(key: { id?: string; name: string; publicKey: string; fingerprint: string; encrypted: boolean }, now = new Date()): KeyInfo {
    const id = key.id ?? randomUUID();
    try {
      this.db
        .prepare('INSERT INTO keys (id, name, public_key, fingerprint, encrypted, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, key.name, key.publicKey, key.fingerprint, key.encrypted ? 1 : 0, now.toISOString());
    } catch (error) {
      throw constraintError(error, 'key pair', key.name);
    }
    return this.get(id)!;
  }

  delete(id: string): boolean {
    try {
      return this.db.prepare('DELETE FROM keys WHERE id = ?').run(id).changes > 0;
    } catch (error) {
      throw constraintError(error, 'key pair', id);
    }
  }
}
