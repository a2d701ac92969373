import type { CluedInSettings } from '../../../../shared/destinations/cluedin';
import type { OutRecord } from '../../delivery/batcher';
import { ARRAY, LINES, encodeArray } from '../json-array';

/** Shown in place of the token in previews. */
export const MASK = '••••••';

/** §4 and seed 004: a bearer token, JSON (or NDJSON) in UTF-8, gzip when on. */
export function headersFor(settings: Pick<CluedInSettings, 'format' | 'gzip'>, token: string): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    'content-type': settings.format === 'ndjson' ? 'application/x-ndjson' : 'application/json; charset=utf-8',
    ...(settings.gzip ? { 'content-encoding': 'gzip' } : {}),
    'user-agent': 'Floe',
  };
}

/**
 * Pure: the externalId of a row (seed 004: "a stable identifier"), from its primary key: the
 * value itself for a one-column key (`CUST-000123`, `42`), the values as a JSON array for a key
 * of several columns (`["ACME",42]`). The engine keys a one-column text key by the text and any
 * other key by its JSON, so a one-value array is unwrapped here.
 */
export function externalIdOf(rowKey: string): string {
  if (!rowKey.startsWith('[')) return rowKey;
  try {
    const parts = JSON.parse(rowKey) as unknown;
    if (Array.isArray(parts) && parts.length === 1 && ['string', 'number', 'boolean'].includes(typeof parts[0])) return String(parts[0]);
  } catch {
    // A text key that merely starts with "[": it is its own id.
  }
  return rowKey;
}

const TOMBSTONE_FIELDS = ['deleted', 'timestamp'] as const;

/**
 * A delete as CluedIn's tombstone `{externalId, type, deleted: true, timestamp}`, its time when
 * Floe first found the row gone, so a tombstone sent again after a crash is the same one.
 */
function tombstone(record: OutRecord, now: string): OutRecord {
  const json = `{"deleted":true,"timestamp":${JSON.stringify(record.goneSince ?? now)}}`;
  return { ...record, json, jsonBytes: undefined, copyJson: undefined, fields: TOMBSTONE_FIELDS, payload: JSON.parse(json) as Record<string, unknown> };
}

/**
 * Pure: the records of a batch as CluedIn takes them (seed 004's shape), a JSON array or NDJSON:
 * each mapped row `{timestamp, properties}` with its externalId and the entity type added, each
 * delete a tombstone. Not compressed.
 */
export function entityBody(batch: readonly OutRecord[], settings: Pick<CluedInSettings, 'entityType' | 'format'>, now: Date): Buffer {
  const at = now.toISOString();
  const records = batch.some((r) => r.op === 'delete') ? batch.map((r) => (r.op === 'delete' ? tombstone(r, at) : r)) : batch;
  const type = settings.entityType;
  return encodeArray(records, { names: ['externalId', 'type'], values: (r) => [externalIdOf(r.rowKey), type] }, '', '', settings.format === 'ndjson' ? LINES : ARRAY);
}
