import type { OutRecord } from '../delivery/batcher';

/** Fields a destination adds to every record (an idempotency key, a call type), as JSON-safe values. */
export type Extra = (record: OutRecord) => Record<string, string>;

/**
 * The added fields as JSON members: `,"insert_id":"…"`. Values are Floe's own keys and names, but
 * they are still encoded as JSON strings rather than trusted to need no escaping.
 */
function members(extra: Record<string, string>): string {
  let out = '';
  for (const [key, value] of Object.entries(extra)) out += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
  return out;
}

/** True when the record's JSON can take the members written after it: not empty, and no field of the same name. */
function appendable(record: OutRecord, extra: Record<string, string>): boolean {
  if (record.json === undefined && record.jsonBytes === undefined) return false;
  const bytes = (record.jsonBytes ??= Buffer.byteLength(record.json!));
  if (bytes <= 2) return false;
  for (const key of Object.keys(extra)) {
    // Known top-level fields decide it; otherwise a look at the text, where a nested field of
    // that name only sends the record the slow way, still correctly.
    if (record.fields ? record.fields.includes(key) : record.json!.includes(JSON.stringify(key))) return false;
  }
  return true;
}

/**
 * Pure: records as a JSON array, each with `extra`'s fields added (overriding a mapped field of
 * the same name), between `head` and `tail` (`{"events":` … `}`). The engine already has each
 * payload's canonical JSON (it hashed it): it is copied into the body with the added members in
 * place of its closing brace, so a million rows are not serialised twice.
 */
export function encodeArray(batch: readonly OutRecord[], extra: Extra, head = '', tail = ''): Buffer {
  const parts: Array<string | null> = new Array(batch.length);
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail) + 2 + batch.length;
  for (let i = 0; i < batch.length; i++) {
    const record = batch[i]!;
    const added = extra(record);
    if (appendable(record, added)) {
      const text = members(added) + '}';
      parts[i] = text;
      size += record.jsonBytes! - 1 + Buffer.byteLength(text);
    } else {
      const text = JSON.stringify({ ...record.payload, ...added });
      parts[i] = '\u0000' + text;
      size += Buffer.byteLength(text);
    }
  }
  const body = Buffer.allocUnsafe(size);
  let at = body.write(head, 0);
  at += body.write('[', at);
  for (let i = 0; i < batch.length; i++) {
    const record = batch[i]!;
    if (i > 0) at += body.write(',', at);
    const part = parts[i]!;
    if (part.charCodeAt(0) === 0) {
      at += body.write(part.slice(1), at);
    } else {
      // The closing brace is overwritten by the added members.
      at += (record.copyJson ? record.copyJson(body, at) : body.write(record.json!, at)) - 1;
      at += body.write(part, at);
    }
  }
  at += body.write(']', at);
  at += body.write(tail, at);
  return body.subarray(0, at);
}

/** The JSON text of the records' payloads as an array, nothing added (Amplitude's identify calls). */
export function payloadArray(batch: readonly OutRecord[]): string {
  let out = '[';
  batch.forEach((record, i) => {
    out += (i > 0 ? ',' : '') + (record.json ?? JSON.stringify(record.payload));
  });
  return out + ']';
}
