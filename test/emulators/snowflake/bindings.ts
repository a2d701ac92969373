import { SnowflakeError } from './errors';
import { bindMarker } from './sql-translate';
import { sqlString } from './sql-text';

// Driver binds (`{"1":{"type":"FIXED","value":"1"}}`, arrays for batch binds) → DuckDB
// literals substituted for the markers the translator left in the SQL.

export interface Bind {
  type: string;
  value: string | null | (string | null)[];
}

export type BindMap = Record<string, Bind>;

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function bindLiteral(type: string, value: string | null): string {
  if (value === null) return 'NULL';
  switch (type.toUpperCase()) {
    case 'FIXED':
    case 'REAL':
      return NUMERIC.test(value) ? value : sqlString(value);
    case 'BOOLEAN':
      return /^(true|1|yes|on)$/i.test(value) ? 'TRUE' : /^(false|0|no|off)$/i.test(value) ? 'FALSE' : sqlString(value);
    case 'DATE':
      return /^-?\d+$/.test(value) ? `CAST(to_timestamp(${value} / 1000) AT TIME ZONE 'UTC' AS DATE)` : `CAST(${sqlString(value)} AS DATE)`;
    case 'TIMESTAMP_NTZ':
      return /^-?\d+$/.test(value) ? `make_timestamp(${value} * 1000)` : `CAST(${sqlString(value)} AS TIMESTAMP)`;
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP_TZ':
      return /^-?\d+$/.test(value) ? `to_timestamp(${value} / 1000)` : `CAST(${sqlString(value)} AS TIMESTAMPTZ)`;
    default:
      return sqlString(value);
  }
}

// How many rows a bind map describes: 1 for scalar binds, the array length for batch binds.
export function bindRowCount(binds: BindMap | undefined): number {
  if (!binds) return 1;
  for (const b of Object.values(binds)) if (Array.isArray(b.value)) return b.value.length;
  return 1;
}

export function literalsForRow(binds: BindMap | undefined, markers: readonly string[], row: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of new Set(markers)) {
    const b = binds?.[key];
    if (!b) throw new SnowflakeError('002049', `SQL compilation error: error line 1 at position 0\nBind variable ${/^\d+$/.test(key) ? '?' : `:${key}`} not set.`, '42601');
    const v = Array.isArray(b.value) ? (b.value[row] ?? null) : b.value;
    out.set(key, bindLiteral(b.type, v));
  }
  return out;
}

export function substitute(sql: string, literals: Map<string, string>): string {
  return sql.replace(/'__FLOE_BIND_(.+?)__'/g, (m, key: string) => literals.get(key) ?? m);
}

// Batch INSERT … VALUES (…) becomes one multi-row VALUES statement rather than N statements.
export function batchInsert(sql: string, binds: BindMap | undefined, markers: readonly string[]): string[] {
  const rows = bindRowCount(binds);
  const m = sql.match(/^(INSERT\s+INTO\s[\s\S]*?\bVALUES\s*)(\([\s\S]*\))\s*$/i);
  const tuple = m?.[2];
  if (m && tuple && markers.every((k) => tuple.includes(`'${bindMarker(k)}'`))) {
    const parts: string[] = [];
    for (let r = 0; r < rows; r++) parts.push(substitute(tuple, literalsForRow(binds, markers, r)));
    return [m[1] + parts.join(', ')];
  }
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push(substitute(sql, literalsForRow(binds, markers, r)));
  return out;
}
