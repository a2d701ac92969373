import { queryBody } from '../snowflake/statements';

/**
 * An incremental sync's watermark: the column's value as ISO-8601 plus how to compare with it.
 * Snowflake hands TIMESTAMP_NTZ over as its wall-clock time in UTC and LTZ/TZ as instants, so the
 * bound value must be read back the same way: TO_TIMESTAMP_NTZ for the first, TO_TIMESTAMP_TZ
 * for the others.
 */
export interface Watermark {
  kind: 'ntz' | 'tz';
  value: string;
}

export function encodeWatermark(w: Watermark): string {
  return `${w.kind}|${w.value}`;
}

export function decodeWatermark(text: string | null): Watermark | null {
  if (!text) return null;
  const [kind, value] = text.split('|', 2) as [string, string | undefined];
  if ((kind !== 'ntz' && kind !== 'tz') || !value) return null;
  return { kind, value };
}

export function watermarkKind(columnType: string | undefined): Watermark['kind'] {
  return columnType && /ltz|tz$/i.test(columnType) && !/ntz/i.test(columnType) ? 'tz' : 'ntz';
}

/** A row's watermark value, or null when it has none (it is still sent). */
export function watermarkValue(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'string') {
    const date = new Date(/Z|[+-]\d{2}:?\d{2}$/.test(value) ? value : value.replace(' ', 'T') + 'Z');
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  return null;
}

/** The query, narrowed to rows after the watermark and ordered by its column. */
export function incrementalSql(query: string, column: string, watermark: Watermark | null): { sql: string; binds: string[] } {
  const source = queryBody(query);
  const col = `floe_source.${/^[A-Za-z_][A-Za-z0-9_$]*$/.test(column) ? column : `"${column.replace(/"/g, '""')}"`}`;
  if (!watermark) return { sql: `SELECT * FROM (${source}) AS floe_source ORDER BY ${col}`, binds: [] };
  const cast = watermark.kind === 'ntz' ? 'TO_TIMESTAMP_NTZ' : 'TO_TIMESTAMP_TZ';
  return { sql: `SELECT * FROM (${source}) AS floe_source WHERE ${col} > ${cast}(?) ORDER BY ${col}`, binds: [watermark.value] };
}
