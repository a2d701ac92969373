import type { Mapping } from '../../../shared/schemas';
import { coerce } from './coerce';

export type Row = Record<string, unknown>;
/**
 * A mapped row. `fields` are the payload's top-level keys in the order the query and the mapping
 * give them (a CSV's columns); the payload itself may hold them in another order.
 */
export type Mapped = { ok: true; payload: Record<string, unknown>; fields: readonly string[] } | { ok: false; reason: string };

/** The payload with its fields in the query's and mapping's order (for people and CSV headers). */
export function inFieldOrder(payload: Record<string, unknown>, fields: readonly string[] | undefined): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const field of fields ?? []) if (Object.hasOwn(payload, field)) ordered[field] = payload[field];
  return Object.assign(ordered, payload);
}

/** Sets `value` at a dotted path, creating the objects on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const at = path.lastIndexOf('.');
  const node = at < 0 ? target : objectAt(target, path.slice(0, at));
  node[path.slice(at + 1)] = value;
}

/** The object at a dotted path, made (or put in place of a value that is not one) on the way. */
function objectAt(target: Record<string, unknown>, path: string): Record<string, unknown> {
  let node = target;
  for (const part of path.split('.')) {
    const next = node[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  return node;
}

/** A column as the user names it: exact first, then case-insensitively (Snowflake upper-cases). */
export function findColumn(row: Row, name: string): string | undefined {
  if (Object.hasOwn(row, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(row).find((key) => key.toLowerCase() === lower);
}

/**
 * One source row → one destination payload. Rules first (columns or static values, converted to
 * their type, at dotted paths); with passThrough, every other column under its lower-cased name.
 * The first value that can't be converted, or a required field that is null, rejects the row.
 */
export function mapRow(row: Row, mapping: Mapping): Mapped {
  if (mapping.rules.length === 0 && mapping.passThrough && !mapping.passThroughTo) return passThroughOnly(row);
  const payload: Record<string, unknown> = {};
  const used = new Set<string>();
  for (const rule of mapping.rules) {
    let raw: unknown;
    if (rule.source !== undefined) {
      const column = findColumn(row, rule.source);
      if (column === undefined) return { ok: false, reason: `column ${rule.source} is not in the query's output` };
      used.add(column);
      raw = row[column];
    } else {
      raw = rule.value;
    }
    const converted = coerce(raw, rule.type);
    if (!converted.ok) return { ok: false, reason: `${rule.target}: ${converted.reason}` };
    if (converted.value === null && rule.required) {
      return { ok: false, reason: `${rule.target} is required but ${rule.source ?? 'its value'} is null` };
    }
    setPath(payload, rule.target, converted.value);
  }
  if (mapping.passThrough) {
    const into = mapping.passThroughTo ? objectAt(payload, mapping.passThroughTo) : payload;
    for (const [column, value] of Object.entries(row)) {
      if (used.has(column)) continue;
      const key = column.toLowerCase();
      if (Object.hasOwn(into, key)) continue;
      const converted = coerce(value, 'auto');
      into[key] = converted.ok ? converted.value : value;
    }
  }
  return { ok: true, payload, fields: Object.keys(payload) };
}

/** For one row shape: each column with the payload key it becomes (lower-cased). */
interface Plan {
  columns: string[];
  /** Sorted by key: the payload is built in canonical order, so hashing it needs no sorted copy. */
  keys: Array<[column: string, key: string]>;
  /** The keys in the query's order. */
  fields: string[];
}

let plan: Plan | null = null;

function planFor(row: Row): Plan {
  if (plan) {
    // Rows of one result share their columns: check the cached plan still fits, without allocating.
    let i = 0;
    let fits = true;
    for (const column in row) {
      if (plan.columns[i++] !== column) {
        fits = false;
        break;
      }
    }
    if (fits && i === plan.columns.length) return plan;
  }
  const columns = Object.keys(row);
  // Two columns differing only in case: the first, as the query orders them, wins (as in mapRow).
  const byKey = new Map<string, string>();
  for (const column of columns) if (!byKey.has(column.toLowerCase())) byKey.set(column.toLowerCase(), column);
  const fields = [...byKey.keys()];
  plan = { columns, fields, keys: [...fields].sort().map((key): [string, string] => [byKey.get(key)!, key]) };
  return plan;
}

/** The common case, kept cheap because it runs for every row: all columns, lower-cased. */
function passThroughOnly(row: Row): Mapped {
  const { keys, fields } = planFor(row);
  const payload: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const [column, key] = keys[i]!;
    const value = row[column];
    payload[key] = value instanceof Date ? value.toISOString() : value;
  }
  return { ok: true, payload, fields };
}
