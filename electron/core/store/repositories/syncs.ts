import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { Schedule, Sync, SyncDraft } from '../../../../shared/schemas';
import { constraintError } from './constraint-error';

interface Row {
  id: string;
  name: string;
  connection_id: string;
  destination_id: string;
  source_query: string;
  strategy: string;
  data_type: string;
  watermark_column: string | null;
  primary_key_json: string;
  mapping_json: string;
  schedule_json: string;
  row_limit: number;
  enabled: number;
  created_at: string;
  updated_at: string;
}

const fromRow = (r: Row): Sync =>
  Sync.parse({
    id: r.id,
    name: r.name,
    connectionId: r.connection_id,
    destinationId: r.destination_id,
    query: r.source_query,
    strategy: r.strategy,
    dataType: r.data_type,
    watermarkColumn: r.watermark_column,
    primaryKey: JSON.parse(r.primary_key_json),
    mapping: readMapping(r.mapping_json),
    schedule: readSchedule(r.schedule_json),
    rowLimit: r.row_limit,
    enabled: r.enabled === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

/**
 * Before schedules were checked, an invalid cron or time zone could be saved; it never ran. Such
 * a sync reads as manual (what it effectively was) instead of breaking the list; saving it again
 * asks for a valid schedule.
 */
function readSchedule(json: string): Schedule {
  const parsed = Schedule.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : { kind: 'manual' };
}

/** Files from before mappings had options held a bare list of rules. */
function readMapping(json: string): unknown {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? { rules: parsed, passThrough: parsed.length === 0 } : parsed;
}

const toParams = (d: SyncDraft) => ({
  name: d.name,
  connectionId: d.connectionId,
  destinationId: d.destinationId,
  query: d.query,
  strategy: d.strategy,
  dataType: d.dataType,
  watermarkColumn: d.watermarkColumn,
  primaryKey: JSON.stringify(d.primaryKey),
  mapping: JSON.stringify(d.mapping),
  schedule: JSON.stringify(d.schedule),
  rowLimit: d.rowLimit,
  enabled: d.enabled ? 1 : 0,
});

export class SyncsRepository {
  constructor(private readonly db: Database) {}

  list(): Sync[] {
    return (this.db.prepare('SELECT * FROM syncs ORDER BY name').all() as Row[]).map(fromRow);
  }

  get(id: string): Sync | undefined {
    const row = this.db.prepare('SELECT * FROM syncs WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  findByName(name: string): Sync | undefined {
    const row = this.db.prepare('SELECT * FROM syncs WHERE name = ?').get(name) as Row | undefined;
    return row && fromRow(row);
  }

  create(draft: SyncDraft, now = new Date()): Sync {
    const d = SyncDraft.parse(draft);
    const id = randomUUID();
    const at = now.toISOString();
    try {
      this.db
        .prepare(
          `INSERT INTO syncs (id, name, connection_id, destination_id, source_query, strategy, data_type, watermark_column, primary_key_json,
             mapping_json, schedule_json, row_limit, enabled, created_at, updated_at)
           VALUES (@id, @name, @connectionId, @destinationId, @query, @strategy, @dataType, @watermarkColumn, @primaryKey,
             @mapping, @schedule, @rowLimit, @enabled, @at, @at)`,
        )
        .run({ ...toParams(d), id, at });
    } catch (error) {
      throw constraintError(error, 'sync', d.name);
    }
    return this.get(id)!;
  }

  update(id: string, draft: SyncDraft, now = new Date()): Sync | undefined {
    const d = SyncDraft.parse(draft);
    try {
      this.db
        .prepare(
          `UPDATE syncs SET name = @name, connection_id = @connectionId, destination_id = @destinationId,
             source_query = @query, strategy = @strategy, data_type = @dataType, watermark_column = @watermarkColumn, primary_key_json = @primaryKey, mapping_json = @mapping,
             schedule_json = @schedule, row_limit = @rowLimit, enabled = @enabled, updated_at = @at
           WHERE id = @id`,
        )
        .run({ ...toParams(d), id, at: now.toISOString() });
    } catch (error) {
      throw constraintError(error, 'sync', d.name);
    }
    return this.get(id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM syncs WHERE id = ?').run(id).changes > 0;
  }
}
