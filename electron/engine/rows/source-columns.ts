import type { SourceColumn } from '../source/snowflake-source';

type Row = Record<string, unknown>;

/** How a column's values travel: as they are, as epoch milliseconds, or as JSON text. */
export type SourceKind = 'plain' | 'date' | 'json' | 'text';

/**
 * Source rows by column, for crossing from the reader thread to the run. A run needs a source
 * row only for the few it rejects (kept, to be offered again), yet every row must come along;
 * strings and numbers in arrays copy between threads several times faster than row objects with
 * Dates and nested VARIANT objects, and cost the receiving thread's collector almost nothing.
 */
export interface SourceColumns {
  names: string[];
  kinds: SourceKind[];
  /** values[column][row] */
  values: unknown[][];
}

const JSON_TYPES = new Set(['variant', 'object', 'array', 'map']);

export function sourceKind(type: string): SourceKind {
  const t = type.toLowerCase();
  if (t === 'date' || t.startsWith('timestamp')) return 'date';
  if (JSON_TYPES.has(t)) return 'json';
  // TIME arrives as the driver's SfTime, an object with methods: its text travels instead.
  if (t === 'time') return 'text';
  return 'plain';
}

/**
 * A VARIANT, OBJECT or ARRAY value from its JSON text (the reader fetches them as text). Text
 * that is not strict JSON (Snowflake can hold NaN, or XML) stays text: no eval, unlike the driver.
 */
export function parseJsonValue(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Columns whose values the reader fetched as text and must parse before mapping. */
export function jsonColumns(columns: SourceColumn[]): string[] {
  return columns.filter((c) => sourceKind(c.type) === 'json').map((c) => c.name);
}

export function encodeSources(rows: Row[], columns: SourceColumn[]): SourceColumns {
  const names = columns.map((c) => c.name);
  const kinds = columns.map((c) => sourceKind(c.type));
  const values = names.map((name, c) => {
    const kind = kinds[c];
    const out = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i]![name];
      out[i] = v === null || v === undefined ? null : kind === 'date' && v instanceof Date ? v.getTime() : kind === 'text' ? String(v) : v;
    }
    return out;
  });
  return { names, kinds, values };
}

/** Row `i` as the driver gave it (VARIANT parsed, dates as Date, binary as Buffer). */
export function decodeSource(sources: SourceColumns, i: number): Row {
  const row: Row = {};
  for (let c = 0; c < sources.names.length; c++) {
    const v = sources.values[c]![i];
    const kind = sources.kinds[c];
    row[sources.names[c]!] =
      v === null || v === undefined
        ? null
        : kind === 'date'
          ? new Date(v as number)
          : kind === 'json'
            ? parseJsonValue(v)
            : v instanceof Uint8Array && !Buffer.isBuffer(v)
              ? Buffer.from(v.buffer, v.byteOffset, v.byteLength)
              : v;
  }
  return row;
}
