import type { z } from 'zod';
import { hostile, HOSTILE_STRINGS, PROTOTYPE_KEYS, randomId, randomWord, setOwn } from './hostile-values';
import type { Random } from './seed';

/**
 * A structure-aware fuzzer: it walks a channel's input schema (zod) and builds a value of that
 * shape, breaking it as it goes (a field of the wrong type, one missing, unknown fields,
 * prototype keys, an array where an object belongs) at the given rate per node. Following the
 * schema gets past the first check, so the handlers behind it are reached, not only zod.
 */
export interface ShapeOptions {
  r: Random;
  /** Chance that any one node is replaced by a hostile value. */
  breakRate: number;
  /** Ids this channel may be given that exist (read-only channels); otherwise every id is a new one. */
  knownIds: readonly string[];
}

/** Strings worth trying where a schema wants one: words the schemas know, then hostile ones. */
const MEANINGFUL = [
  'records', 'events', 'identify', 'track', 'profiles', 'entities', 'user_properties', 'password', 'token', 'apiKey', 'passcode', 'privateKey',
  'passphrase', 'header:X-Api-Key', 'header:X-Token', 'connection', 'destination', 'key', 'http', 'file', 'amplitude', 'cluedin', 'clevertap',
  'customerio', 'full', 'incremental', 'diff', 'EVENT_ID', 'USER_ID', 'event_type', 'user_id', 'string', 'number', 'json', 'ndjson', 'csv',
  'https://127.0.0.1:9/hook', 'http://127.0.0.1:9/hook', 'myorg-myaccount', 'xy12345.us-east-2.aws', 'Analytics', 'FLOE_ROLE', 'PUBLIC',
  '2026-01-01T00:00:00.000Z', 'UTC', 'Europe/Paris', '0 * * * *', 'SELECT 1', 'SELECT * FROM EVENTS', 'light', 'dark', 'system', 'a', 'abc_123',
  'X-Api-Key', 'relative/folder', 'not a path',
];

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

function stringFor(schema: z.ZodType, options: ShapeOptions): string {
  const { r } = options;
  const s = schema as unknown as { format?: string | null; minLength?: number | null; maxLength?: number | null };
  if (s.format === 'uuid' || s.format === 'guid') return options.knownIds.length && r.chance(0.4) ? r.pick(options.knownIds) : randomId(r);
  // A handful of tries for a string the schema takes (an enum-like regex, a length range), else any.
  for (let i = 0; i < 6; i++) {
    const pool = r.int(3);
    const candidate = pool === 0 ? r.pick(MEANINGFUL) : pool === 1 ? randomWord(r) : options.knownIds.length && r.chance(0.3) ? r.pick(options.knownIds) : r.pick(HOSTILE_STRINGS);
    if (schema.safeParse(candidate).success) return candidate;
  }
  const length = Math.max(s.minLength ?? 1, Math.min(s.maxLength ?? 12, 1 + r.int(12)));
  return randomWord(r).padEnd(length, 'x').slice(0, length);
}

function numberFor(schema: z.ZodType, r: Random): number {
  const n = schema as unknown as { minValue?: number | null; maxValue?: number | null; isInt?: boolean };
  const min = Number.isFinite(n.minValue) ? n.minValue! : -1000;
  const max = Number.isFinite(n.maxValue) ? n.maxValue! : 1000;
  const edges = [min, max, min - 1, max + 1, 0, -1];
  const value = r.chance(0.3) ? r.pick(edges) : min + r.next() * Math.min(max - min, 1e6);
  return n.isInt && r.chance(0.9) ? Math.round(value) : value;
}

/** A value shaped like `schema`, broken at `breakRate` per node; undefined means "leave the field out". */
export function shaped(schema: z.ZodType, options: ShapeOptions, depth = 0): unknown {
  const { r } = options;
  if (depth > 0 && r.chance(options.breakRate)) return hostile(r);
  if (depth > 14) return hostile(r);
  const def = defOf(schema);
  const inner = (key: string) => def[key] as z.ZodType;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(shape)) {
        const value = shaped(field, options, depth + 1);
        if (value !== undefined) out[key] = value;
      }
      if (r.chance(options.breakRate * 2)) {
        for (let i = 0, n = 1 + r.int(3); i < n; i++) setOwn(out, r.chance(0.5) ? r.pick(PROTOTYPE_KEYS) : randomWord(r), hostile(r));
      }
      if (r.chance(options.breakRate / 2)) return Object.values(out);
      return out;
    }
    case 'string':
      return stringFor(schema, options);
    case 'number':
      return numberFor(schema, r);
    case 'boolean':
      return r.chance(0.5);
    case 'enum':
      return r.pick(Object.values(def.entries as Record<string, string>));
    case 'literal':
      return r.pick(def.values as unknown[]);
    case 'null':
      return null;
    case 'nullable':
      return r.chance(0.25) ? null : shaped(inner('innerType'), options, depth + 1);
    case 'optional':
    case 'default':
      return r.chance(0.35) ? undefined : shaped(inner('innerType'), options, depth + 1);
    case 'union':
      return shaped(r.pick(def.options as z.ZodType[]), options, depth + 1);
    case 'array': {
      const items = Array.from({ length: r.int(4) }, () => shaped(inner('element'), options, depth + 1));
      return items.map((item) => (item === undefined ? null : item));
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      for (let i = 0, n = r.int(4); i < n; i++) {
        const key = r.chance(0.2) ? r.pick(PROTOTYPE_KEYS) : String(shaped(inner('keyType'), options, depth + 1));
        setOwn(out, key, shaped(inner('valueType'), options, depth + 1) ?? null);
      }
      return out;
    }
    case 'pipe':
      return shaped(inner('in'), options, depth + 1);
    case 'lazy':
      return shaped((def.getter as () => z.ZodType)(), options, depth + 1);
    case 'custom':
      return stringFor(schema, options);
    case 'never':
      return undefined;
    case 'unknown':
    case 'any':
      return hostile(r);
    default:
      // A kind this walker does not know yet: a hostile value still exercises the check.
      return hostile(r);
  }
}

/**
 * Puts `value` somewhere inside `input` (a random field at a random depth), or returns it as
 * the whole input when there is nowhere to put it: how a huge string or a deep nest is planted.
 */
export function plant(input: unknown, value: unknown, r: Random): unknown {
  if (input === null || typeof input !== 'object') return value;
  const keys = Object.keys(input);
  if (keys.length === 0) return value;
  const key = r.pick(keys);
  const child = (input as Record<string, unknown>)[key];
  const next = child !== null && typeof child === 'object' && r.chance(0.5) ? plant(child, value, r) : value;
  if (Array.isArray(input)) input[Number(key)] = next;
  else setOwn(input as Record<string, unknown>, key, next);
  return input;
}
