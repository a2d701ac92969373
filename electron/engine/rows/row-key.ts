import { findColumn, type Row } from '../mapping/map-row';

export type Keyed = { ok: true; key: string } | { ok: false; reason: string };

/** The primary key of a row as one string; a null or missing key part is a reason to reject it. */
export function rowKey(row: Row, primaryKey: readonly string[]): Keyed {
  const parts: unknown[] = [];
  for (const name of primaryKey) {
    const column = findColumn(row, name);
    if (column === undefined) return { ok: false, reason: `primary key column ${name} is not in the query's output` };
    const value = row[column];
    if (value === null || value === undefined) return { ok: false, reason: `primary key ${name} is null` };
    parts.push(value);
  }
  return { ok: true, key: parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : JSON.stringify(parts) };
}
