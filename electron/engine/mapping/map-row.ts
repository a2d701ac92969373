import { UNSAFE_FIELD_MESSAGE, UNSAFE_FIELD_NAMES, type Mapping } from '../../../shared/schemas';
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

/** A column as the user names it: exact first, then case-insensitively (Snowflake upper-cases). */
export function findColumn(row: Row, name: string): string | undefined {
  if (Object.hasOwn(row, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(row).find((key) => key.toLowerCase() === lower);
}

/** A mapping resolved against one row shape: done once per result, not once per row. */
interface RulePlan {
  rules: Array<{ rule: Mapping['rules'][number]; column: string | undefined; parents: string[]; leaf: string }>;
  /** The first rule whose column the query does not return, if any: every row is refused with it. */
  missing: string | null;
  /** Columns no rule uses, with the key each is passed through under. */
  rest: Array<[column: string, key: string]>;
  into: string[] | null;
  /** The payload's top-level keys in the mapping's and query's order, and sorted. */
  fields: string[];
  sorted: string[];
}

const rulePlans = new WeakMap<Mapping, { columns: string[]; plan: RulePlan }>();

function sameColumns(row: Row, columns: string[]): boolean {
  let i = 0;
  for (const column in row) if (columns[i++] !== column) return false;
  return i === columns.length;
}

function rulePlanFor(row: Row, mapping: Mapping): RulePlan {
  const cached = rulePlans.get(mapping);
  if (cached && sameColumns(row, cached.columns)) return cached.plan;
  const used = new Set<string>();
  let missing: string | null = null;
  const rules = mapping.rules.map((rule) => {
    const column = rule.source !== undefined ? findColumn(row, rule.source) : undefined;
    if (rule.source !== undefined && column === undefined) missing ??= `column ${rule.source} is not in the query's output`;
    if (column !== undefined) used.add(column);
    const parts = rule.target.split('.');
    return { rule, column, parents: parts.slice(0, -1), leaf: parts.at(-1)! };
  });
  const into = mapping.passThroughTo ? mapping.passThroughTo.split('.') : null;
  // The contract refuses these names; a mapping that did not pass through it must not write
  // through a prototype either, so every row is refused with the reason.
  const unsafe = [...rules.flatMap((r) => [...r.parents, r.leaf]), ...(into ?? [])].find((part) => UNSAFE_FIELD_NAMES.has(part));
  if (unsafe !== undefined) missing = `mapping field name ${unsafe}: ${UNSAFE_FIELD_MESSAGE}`;
  const tops = [...new Set(rules.map((r) => r.parents[0] ?? r.leaf))];
  let rest = mapping.passThrough ? Object.keys(row).filter((c) => !used.has(c)).map((c): [string, string] => [c, c.toLowerCase()]) : [];
  // At the top level a column never replaces a field a rule makes, and of two columns differing
  // only in case the first wins; inside an object, what a rule put there is looked at per row.
  if (!into) rest = rest.filter(([, key], i) => !tops.includes(key) && rest.findIndex(([, k]) => k === key) === i);
  const unsafeColumn = rest.find(([, key]) => UNSAFE_FIELD_NAMES.has(key));
  if (unsafeColumn) missing ??= unsafeColumnReason(unsafeColumn[0]);
  const fields = [...new Set([...tops, ...(into && rest.length ? [into[0]!] : []), ...(into ? [] : rest.map(([, key]) => key))])];
  const plan = { rules, missing, rest, into, fields, sorted: [...fields].sort() };
  rulePlans.set(mapping, { columns: Object.keys(row), plan });
  return plan;
}

/** The object at a path of parts, made on the way (see objectAt). */
function objectAtParts(target: Record<string, unknown>, parts: readonly string[]): Record<string, unknown> {
  let node = target;
  for (const part of parts) {
    const next = node[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  return node;
}

/**
 * One source row → one destination payload. Rules first (columns or static values, converted to
 * their type, at dotted paths); with passThrough, every other column under its lower-cased name,
 * at the top level or inside `passThroughTo`. The first value that can't be converted, or a
 * required field that is null, rejects the row. Which column each rule reads is resolved once
 * per row shape: this runs for every row.
 */
export function mapRow(row: Row, mapping: Mapping): Mapped {
  if (mapping.rules.length === 0 && mapping.passThrough && !mapping.passThroughTo) return passThroughOnly(row);
  const plan = rulePlanFor(row, mapping);
  if (plan.missing) return { ok: false, reason: plan.missing };
  // The top-level keys are known: made in sorted order, the payload is already canonical JSON's.
  const payload: Record<string, unknown> = {};
  for (const key of plan.sorted) payload[key] = null;
  for (const { rule, column, parents, leaf } of plan.rules) {
    const converted = coerce(column !== undefined ? row[column] : rule.value, rule.type);
    if (!converted.ok) return { ok: false, reason: `${rule.target}: ${converted.reason}` };
    if (converted.value === null && rule.required) {
      return { ok: false, reason: `${rule.target} is required but ${rule.source ?? 'its value'} is null` };
    }
    (parents.length ? objectAtParts(payload, parents) : payload)[leaf] = converted.value;
  }
  if (plan.rest.length) {
    const into = plan.into ? objectAtParts(payload, plan.into) : null;
    for (const [column, key] of plan.rest) {
      const value = row[column];
      const converted = value instanceof Date ? value.toISOString() : value;
      if (!into) payload[key] = converted;
      else if (!Object.hasOwn(into, key)) into[key] = converted;
    }
  }
  return { ok: true, payload, fields: plan.fields };
}

/** For one row shape: each column with the payload key it becomes (lower-cased). */
interface Plan {
  columns: string[];
  /** Sorted by key: the payload is built in canonical order, so hashing it needs no sorted copy. */
  keys: Array<[column: string, key: string]>;
  /** The keys in the query's order. */
  fields: string[];
  /** A column whose name would reach a prototype (`__proto__`): every row is refused. */
  unsafe: string | null;
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
  const unsafe = fields.find((key) => UNSAFE_FIELD_NAMES.has(key));
  plan = { columns, fields, keys: [...fields].sort().map((key): [string, string] => [byKey.get(key)!, key]), unsafe: unsafe === undefined ? null : byKey.get(unsafe)! };
  return plan;
}

/** The common case, kept cheap because it runs for every row: all columns, lower-cased. */
const unsafeColumnReason = (column: string): string => `column ${column} cannot be sent: ${UNSAFE_FIELD_MESSAGE.replace('rename the field', 'rename the column with AS in the query')}`;

function passThroughOnly(row: Row): Mapped {
  const { keys, fields, unsafe } = planFor(row);
  if (unsafe) return { ok: false, reason: unsafeColumnReason(unsafe) };
  const payload: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const [column, key] = keys[i]!;
    const value = row[column];
    payload[key] = value instanceof Date ? value.toISOString() : value;
  }
  return { ok: true, payload, fields };
}
