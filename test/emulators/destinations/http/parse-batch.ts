import type { ErrorBody, JsonRecord } from './types';

// Pure validation of a decoded request body against the HTTP destination's contract. The fake
// is strict on purpose: anything a lenient real endpoint might swallow (blank NDJSON lines, an
// empty batch, a record without its idempotency key) is a Floe bug we want a test to see.

export type BatchFormat = 'json' | 'ndjson';

export interface BatchRejection {
  ok: false;
  status: 400 | 413 | 415;
  body: ErrorBody;
}

export interface ParsedBatch {
  ok: true;
  records: JsonRecord[];
  ids: string[];
  /** The records as text: the JSON array, or the NDJSON lines (for the store to keep). */
  text: string | string[];
}

export interface ParseOptions {
  idField: string;
  maxRecords: number;
}

const reject = (status: BatchRejection['status'], body: ErrorBody): BatchRejection => ({ ok: false, status, body });

/** Maps a Content-Type header to the batch format, or null when the contract doesn't allow it. */
export function formatOf(contentType: string | undefined): BatchFormat | null {
  if (!contentType) return null;
  const [media = '', ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  // Records are JSON text, which is UTF-8 on the wire; any other declared charset is a bug.
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return null;
  if (media === 'application/json') return 'json';
  if (media === 'application/x-ndjson') return 'ndjson';
  return null;
}

function decodeUtf8(body: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return null;
  }
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function parseJsonArray(text: string): unknown[] | BatchRejection {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return reject(400, { error: `body is not valid JSON: ${errorText(e)}` });
  }
  if (!Array.isArray(value)) return reject(400, { error: 'body must be a JSON array of records' });
  return value;
}

function splitNdjson(text: string): string[] {
  // One trailing newline is how NDJSON writers end the last line; anything else is a line.
  const trimmed = text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  if (trimmed === '') return [];
  return trimmed.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function parseNdjsonLines(lines: string[]): unknown[] | BatchRejection {
  const out: unknown[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') return reject(400, { error: `NDJSON line ${i + 1} is empty`, index: i, line: i + 1 });
    try {
      out.push(JSON.parse(line));
    } catch (e) {
      return reject(400, { error: `NDJSON line ${i + 1} is not valid JSON: ${errorText(e)}`, index: i, line: i + 1 });
    }
  }
  return out;
}

const tooMany = (actual: number, max: number): BatchRejection =>
  reject(413, { error: `batch has ${actual} records; the limit is ${max}`, limit: 'maxRecordsPerBatch', max, actual });

export function isJsonRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses and validates a whole (already decompressed) body. All-or-nothing: one bad record rejects the batch. */
export function parseBatch(body: Uint8Array, format: BatchFormat, opts: ParseOptions): ParsedBatch | BatchRejection {
  const text = decodeUtf8(body);
  if (text === null) return reject(400, { error: 'body is not valid UTF-8' });
  let values: unknown[] | BatchRejection;
  let kept: string | string[] = text;
  if (format === 'json') {
    values = parseJsonArray(text);
    if (!Array.isArray(values)) return values;
    if (values.length > opts.maxRecords) return tooMany(values.length, opts.maxRecords);
  } else {
    const lines = splitNdjson(text);
    kept = lines;
    // Counted before parsing so an oversized batch costs no JSON work.
    if (lines.length > opts.maxRecords) return tooMany(lines.length, opts.maxRecords);
    values = parseNdjsonLines(lines);
    if (!Array.isArray(values)) return values;
  }
  if (values.length === 0) return reject(400, { error: 'batch is empty' });

  const records: JsonRecord[] = [];
  const ids: string[] = [];
  for (const [index, v] of values.entries()) {
    if (!isJsonRecord(v)) return reject(400, { error: `record ${index} is not a JSON object`, index });
    const id = v[opts.idField];
    if (typeof id !== 'string' || id === '') {
      return reject(400, { error: `record ${index} has no "${opts.idField}" (a non-empty string): it is the idempotency key`, index });
    }
    records.push(v);
    ids.push(id);
  }
  return { ok: true, records, ids, text: kept };
}
