import type { OutRecord } from '../delivery/batcher';

/**
 * Fields a destination adds to every record: their names, and each record's values (an
 * idempotency key, a call type), all strings.
 */
export interface Extra {
  names: readonly string[];
  values(record: OutRecord): readonly string[];
}

/** How records are put together: a JSON array, or NDJSON (one a line). */
export interface Frame {
  open: string;
  separator: string;
  close: string;
}
export const ARRAY: Frame = { open: '[', separator: ',', close: ']' };
export const LINES: Frame = { open: '', separator: '\n', close: '\n' };

/**
 * Pure: records as a JSON array (or in another frame), each with `extra`'s fields added (overriding a mapped field of
 * the same name), between `head` and `tail` (`{"events":` … `}`). The engine already has each
 * payload's canonical JSON (it hashed it): it is copied into the body with the added members in
 * place of its closing brace, so a million rows are not serialised twice.
 */
export function encodeArray(batch: readonly OutRecord[], extra: Extra, head = '', tail = '', frame: Frame = ARRAY): Buffer {
  const prefixes = extra.names.map((name) => `,${JSON.stringify(name)}:`);
  const quoted = extra.names.map((name) => JSON.stringify(name));
  // Rows of one query share their field list: whether it clashes with an added name is decided once.
  let lastFields: readonly string[] | undefined;
  let lastClash = false;
  const clashes = (record: OutRecord): boolean => {
    if (record.fields) {
      if (record.fields !== lastFields) {
        lastFields = record.fields;
        lastClash = extra.names.some((name) => record.fields!.includes(name));
      }
      return lastClash;
    }
    // Without the field list, a look at the text: a nested field of that name only sends the record the slow way, still correctly.
    return quoted.some((name) => record.json!.includes(name));
  };
  const parts: string[] = new Array(batch.length);
  const fast: boolean[] = new Array(batch.length);
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail) + frame.open.length + frame.close.length + batch.length * frame.separator.length;
  for (let i = 0; i < batch.length; i++) {
    const record = batch[i]!;
    const values = extra.values(record);
    const bytes = record.json === undefined && record.jsonBytes === undefined ? 0 : (record.jsonBytes ??= Buffer.byteLength(record.json!));
    if (bytes > 2 && !clashes(record)) {
      let text = '';
      for (let k = 0; k < values.length; k++) text += prefixes[k] + JSON.stringify(values[k]);
      const part = text + '}';
      parts[i] = part;
      fast[i] = true;
      size += bytes - 1 + Buffer.byteLength(part);
    } else {
      const added = Object.fromEntries(extra.names.map((name, k) => [name, values[k]]));
      const part = JSON.stringify({ ...record.payload, ...added });
      parts[i] = part;
      fast[i] = false;
      size += Buffer.byteLength(part);
    }
  }
  const body = Buffer.allocUnsafe(size);
  let at = body.write(head, 0);
  at += body.write(frame.open, at);
  for (let i = 0; i < batch.length; i++) {
    const record = batch[i]!;
    if (i > 0) at += body.write(frame.separator, at);
    if (fast[i]) {
      // The closing brace is overwritten by the added members.
      at += (record.copyJson ? record.copyJson(body, at) : body.write(record.json!, at)) - 1;
    }
    at += body.write(parts[i]!, at);
  }
  at += body.write(frame.close, at);
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
