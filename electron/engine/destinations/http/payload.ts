import type { HttpSettings } from '../../../../shared/schemas';
import type { OutRecord } from '../../delivery/batcher';

/** The record as the endpoint receives it: the payload plus its idempotency key (and op for deletes). */
export function httpRecord(record: Pick<OutRecord, 'payload' | 'idempotencyKey' | 'op' | 'rowKey'>, settings: HttpSettings): Record<string, unknown> {
  if (record.op === 'delete') return { [settings.idField]: record.idempotencyKey, _floe_op: 'delete', _floe_key: record.rowKey };
  return { ...record.payload, [settings.idField]: record.idempotencyKey };
}

/**
 * One record as JSON text. When the engine already has the payload's JSON (it hashed it), the
 * id field is appended to that text instead of serialising the payload a second time.
 */
export function httpRecordJson(record: Pick<OutRecord, 'payload' | 'json' | 'idempotencyKey' | 'op' | 'rowKey'>, settings: HttpSettings): string {
  if (record.op === 'delete' || record.json === undefined || record.json === '{}' || Object.hasOwn(record.payload, settings.idField)) {
    return JSON.stringify(httpRecord(record, settings));
  }
  return `${record.json.slice(0, -1)},${JSON.stringify(settings.idField)}:${JSON.stringify(record.idempotencyKey)}}`;
}

/** Pure: the body of one batch, JSON array or NDJSON. */
export function httpBody(batch: OutRecord[], settings: HttpSettings): string {
  const records = batch.map((r) => httpRecordJson(r, settings));
  return settings.format === 'ndjson' ? records.join('\n') + '\n' : `[${records.join(',')}]`;
}

/** The batch's own key: the same records in the same order always give the same key. */
export function batchKey(batch: Pick<OutRecord, 'idempotencyKey'>[]): string {
  let h = 0x811c9dc5;
  for (const r of batch) for (let i = 0; i < r.idempotencyKey.length; i++) h = Math.imul(h ^ r.idempotencyKey.charCodeAt(i), 0x01000193) >>> 0;
  return `${batch[0]?.idempotencyKey ?? 'empty'}-${batch.length}-${h.toString(36)}`;
}

export function httpHeaders(batch: OutRecord[], settings: HttpSettings): Record<string, string> {
  return {
    ...settings.headers,
    'content-type': settings.format === 'ndjson' ? 'application/x-ndjson' : 'application/json',
    ...(settings.gzip ? { 'content-encoding': 'gzip' } : {}),
    [settings.idempotencyHeader.toLowerCase()]: batchKey(batch),
    'user-agent': 'Floe',
  };
}
