import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { Destination, DestinationDraft } from '../../../../shared/schemas';
import { constraintError } from './constraint-error';

interface Row {
  id: string;
  name: string;
  kind: string;
  settings_json: string;
  created_at: string;
  updated_at: string;
}

const fromRow = (r: Row): Destination =>
  Destination.parse({
    id: r.id,
    name: r.name,
    kind: r.kind,
    settings: JSON.parse(r.settings_json),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

export class DestinationsRepository {
  constructor(private readonly db: Database) {}

  list(): Destination[] {
    return (this.db.prepare('SELECT * FROM destinations ORDER BY name').all() as Row[]).map(fromRow);
  }

  get(id: string): Destination | undefined {
    const row = this.db.prepare('SELECT * FROM destinations WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  create(draft: DestinationDraft, now = new Date()): Destination {
    const d = DestinationDraft.parse(draft);
    const id = randomUUID();
    const at = now.toISOString();
    try {
      this.db
        .prepare(
          'INSERT INTO destinations (id, name, kind, settings_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(id, d.name, d.kind, JSON.stringify(d.settings), at, at);
    } catch (error) {
      throw constraintError(error, 'destination', d.name);
    }
    return this.get(id)!;
  }

  update(id: string, draft: DestinationDraft, now = new Date()): Destination | undefined {
    const d = DestinationDraft.parse(draft);
    try {
      this.db
        .prepare('UPDATE destinations SET name = ?, kind = ?, settings_json = ?, updated_at = ? WHERE id = ?')
        .run(d.name, d.kind, JSON.stringify(d.settings), now.toISOString(), id);
    } catch (error) {
      throw constraintError(error, 'destination', d.name);
    }
    return this.get(id);
  }

  delete(id: string): boolean {
    try {
      return this.db.prepare('DELETE FROM destinations WHERE id = ?').run(id).changes > 0;
    } catch (error) {
      throw constraintError(error, 'destination', id);
    }
  }
}
