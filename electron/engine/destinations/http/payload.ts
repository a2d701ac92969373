import type { HttpSettings } from '../../../../shared/destinations/http';
import type { OutRecord } from '../../delivery/batcher';
import { sha256 } from '../../rows/canonical';

/** The record as the endpoint receives it: the payload plus its idempotency key (and op for deletes). */
export function httpRecord(record: Pick<OutRecord, 'payload' | 'idempotencyKey' | 'op' | 'rowKey'>, settings: HttpSettings): Record<string, unknown> {
  if (record.op === 'delete') return { [settings.idField]: record.idempotencyKey, _floe_op: 'delete', _floe_key: record.rowKey };
  return { ...record.payload, [settings.idField]: record.idempotencyKey };
}

/** The record as JSON text, for the rare records the fast path below does not cover. */
function recordText(record: Pick<OutRecord, 'payload' | 'idempotencyKey' | 'op' | 'rowKey'>, settings: HttpSettings): string {
  return JSON.stringify(httpRecord(record, settings));
}

/**
 * The UTF-8 length of the engine's canonical JSON when it can be sent with the id field appended
 * to it, else null: not for an empty payload, nor one that may already have a field of that
 * name. That is known from the record's fields when it has them; otherwise the test is on the
 * text, where a nested field of that name sends the record the slow way, still correctly.
 */
function appendableBytes(record: OutRecord, idField: string, idKey: string): number | null {
  if (record.op === 'delete' || (record.jsonBytes === undefined && record.json === undefined)) return null;
  const bytes = (record.jsonBytes ??= Buffer.byteLength(record.json!));
  if (bytes <= 2) return null;
  const clash = record.fields ? record.fields.includes(idField) : record.json!.includes(idKey);
  return clash ? null : bytes;
}

/**
 * Pure: the body of one batch, JSON array or NDJSON, as the bytes sent. The engine already has
 * each payload's JSON (it hashed it), so each record is that text written straight into the
 * body with `,"<idField>":"<key>"}` in place of its closing brace: no second serialisation and
 * no intermediate strings, which matters at a million rows.
 */
export function encodeBody(batch: OutRecord[], settings: HttpSettings): Buffer {
  const ndjson = settings.format === 'ndjson';
  const idKey = `${JSON.stringify(settings.idField)}:`;
  const idPrefix = `,${idKey}`;
  const idPrefixBytes = Buffer.byteLength(idPrefix);
  // Per record: the id field's tail for the fast path, or the whole text for the rest.
  const tails: Array<string | undefined> = new Array(batch.length);
  const texts: Array<string | undefined> = new Array(batch.length);
  let size = 2;
  for (let i = 0; i < batch.length; i++) {
    const r = batch[i]!;
    const bytes = appendableBytes(r, settings.idField, idKey);
    if (bytes !== null) {
      const tail = JSON.stringify(r.idempotencyKey) + '}';
      tails[i] = tail;
      size += bytes - 1 + idPrefixBytes + Buffer.byteLength(tail) + 1;
    } else {
      const text = recordText(r, settings);
      texts[i] = text;
      size += Buffer.byteLength(text) + 1;
    }
  }
  const body = Buffer.allocUnsafe(size);
  let at = 0;
  if (!ndjson) at += body.write('[', at);
  for (let i = 0; i < batch.length; i++) {
    const r = batch[i]!;
    if (!ndjson && i > 0) at += body.write(',', at);
    const tail = tails[i];
    if (tail !== undefined) {
      at += (r.copyJson ? r.copyJson(body, at) : body.write(r.json!, at)) - 1; // the closing brace is replaced by the id field
      at += body.write(idPrefix, at);
      at += body.write(tail, at);
    } else {
      at += body.write(texts[i]!, at);
    }
    if (ndjson) at += body.write('\n', at);
  }
  if (!ndjson) at += body.write(']', at);
  return body.subarray(0, at);
}

/** The body as text, for previews. */
export function httpBody(batch: OutRecord[], settings: HttpSettings): string {
  return encodeBody(batch, settings).toString('utf8');
}

/** The batch's own key: the same records in the same order always give the same key. */
export function batchKey(batch: Pick<OutRecord, 'idempotencyKey'>[]): string {
  const keys = batch.map((r) => r.idempotencyKey).join('\u0000');
  return `${batch[0]?.idempotencyKey ?? 'empty'}-${batch.length}-${sha256(keys).slice(0, 16)}`;
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
