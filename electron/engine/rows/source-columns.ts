import type { SourceColumn } from '../source/snowflake-source';

type Row = Record<string, unknown>;

/** How a column's values travel: as they are, as epoch ms, as JSON text, as text, as hex. */
export type SourceKind = 'plain' | 'date' | 'json' | 'text' | 'binary';

/**
 * Source rows by column, for crossing from the reader thread to the run. A run needs a source
 * row only for the few it rejects (kept, to be offered again), yet every row must come along:
 * each column travels as one JSON text of its values, so a batch of 1,000 rows is a handful of
 * strings to copy between threads instead of thousands of values, and the run parses a column
 * only if one of its rows is rejected.
 */
export interface SourceColumns {
  names: string[];
  kinds: SourceKind[];
  /** For each column, the JSON array of its values, one a row. */
  columns: string[];
}

const JSON_TYPES = new Set(['variant', 'object', 'array', 'map']);

export function sourceKind(type: string): SourceKind {
  const t = type.toLowerCase();
  if (t === 'date' || t.startsWith('timestamp')) return 'date';
  if (JSON_TYPES.has(t)) return 'json';
  // TIME arrives as the driver's SfTime, an object with methods: its text travels instead.
  if (t === 'time') return 'text';
  if (t === 'binary') return 'binary';
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
  const encoded = names.map((name, c) => {
    const kind = kinds[c];
    const out = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i]![name];
      out[i] =
        v === null || v === undefined
          ? null
          : kind === 'date' && v instanceof Date
            ? v.getTime()
            : kind === 'text'
              ? String(v)
              : kind === 'binary' && v instanceof Uint8Array
                ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')
                : v;
    }
    return JSON.stringify(out);
  });
  return { names, kinds, columns: encoded };
}

// A batch's columns, parsed once the first of its rows is asked for.
const parsed = new WeakMap<SourceColumns, unknown[][]>();

/** Row `i` as the driver gave it (VARIANT parsed, dates as Date, binary as Buffer). */
export function decodeSource(sources: SourceColumns, i: number): Row {
  let values = parsed.get(sources);
  if (!values) {
    values = sources.columns.map((text) => JSON.parse(text) as unknown[]);
    parsed.set(sources, values);
  }
  const row: Row = {};
  for (let c = 0; c < sources.names.length; c++) {
    const v = values[c]![i];
    const kind = sources.kinds[c];
    row[sources.names[c]!] =
      v === null || v === undefined
        ? null
        : kind === 'date'
          ? new Date(v as number | string)
          : kind === 'json'
            ? parseJsonValue(v)
            : kind === 'binary' && typeof v === 'string'
              ? Buffer.from(v, 'hex')
              : v;
  }
  return row;
}
