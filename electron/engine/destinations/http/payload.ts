import type { HttpSettings } from '../../../../shared/schemas';
import type { OutRecord } from '../../delivery/batcher';

/** The record as the endpoint receives it: the payload plus its idempotency key (and op for deletes). */
export function httpRecord(record: Pick<OutRecord, 'payload' | 'idempotencyKey' | 'op' | 'rowKey'>, settings: HttpSettings): Record<string, unknown> {
  if (record.op === 'delete') return { [settings.idField]: record.idempotencyKey, _floe_op: 'delete', _floe_key: record.rowKey };
  return { ...record.payload, [settings.idField]: record.idempotencyKey };
}

/** Pure: the body of one batch, JSON array or NDJSON. */
export function httpBody(batch: OutRecord[], settings: HttpSettings): string {
  const records = batch.map((r) => httpRecord(r, settings));
  return settings.format === 'ndjson' ? records.map((r) => JSON.stringify(r)).join('\n') + '\n' : JSON.stringify(records);
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
