import type { DataType } from '../../../../shared/destinations';
import type { AmplitudeSettings } from '../../../../shared/destinations/amplitude';
import type { RecordShaper } from '../types';

/** Ids Amplitude refuses (http-v2-api.md, "Invalid IDs"), compared without case. */
const INVALID_IDS = new Set(['anonymous', 'nil', 'none', 'null', 'n/a', 'na', 'undefined', 'unknown', '', '00000000-0000-0000-0000-000000000000', '{}', 'lmy47d', '0', '-1']);

/** Event names Amplitude keeps for its own events. */
const RESERVED_EVENTS = new Set([
  '[Amplitude] Start Session',
  '[Amplitude] End Session',
  '[Amplitude] Revenue',
  '[Amplitude] Revenue (Verified)',
  '[Amplitude] Revenue (Unverified)',
  '[Amplitude] Merged User',
]);

const MAX_STRING = 1024;
const MAX_DEPTH = 40;
const OPERATIONS = /^\$(set|setOnce|add|append|prepend|unset|preInsert|postInsert|remove|clearAll)$/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const shown = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);

/** Drops null fields at the top level: Amplitude reads a null id or time as a wrong value, not as none. */
function dropNulls(payload: Record<string, unknown>): void {
  for (const key of Object.keys(payload)) if (payload[key] === null || payload[key] === undefined) delete payload[key];
}

/** An id as a string (a NUMBER column gives a number), or the reason it cannot be one. */
function checkId(payload: Record<string, unknown>, field: string, minLength: number): string | null {
  const value = payload[field];
  if (value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') payload[field] = String(value);
  else if (typeof value !== 'string') return `${field} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`;
  const id = payload[field] as string;
  if (INVALID_IDS.has(id.trim().toLowerCase())) return `${field} ${shown(id)} is one of the values Amplitude refuses as an id (null, none, unknown, 0, -1…)`;
  if (id.length < minLength) return `${field} ${shown(id)} is shorter than ${minLength} characters, Amplitude's minimum id length (lower "min id length" in the destination's settings if your ids are short)`;
  return null;
}

/** True when a value holds a string over Amplitude's limit or nests too deep: cheap, as it runs for every row. */
function outOfBounds(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.length > MAX_STRING;
  if (value === null || typeof value !== 'object') return false;
  if (depth > MAX_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (outOfBounds(value[i], depth + 1)) return true;
    return false;
  }
  for (const key in value) if (outOfBounds((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/** The first string over Amplitude's 1024-character limit, or an object nested too deep, by path (for the reason). */
function checkValues(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${path} is ${value.length} characters long, over Amplitude's ${MAX_STRING}` : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) return `${path} is nested more than ${MAX_DEPTH} levels deep, Amplitude's limit`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = checkValues(value[i], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    const problem = checkValues(inner, path ? `${path}.${key}` : key, depth + 1);
    if (problem) return problem;
  }
  return null;
}

function checkObject(payload: Record<string, unknown>, field: string): string | null {
  const value = payload[field];
  return value === undefined || isObject(value) ? null : `${field} must be an object of properties (map a VARIANT/OBJECT column with type json), not ${Array.isArray(value) ? 'a list' : typeof value}`;
}

/** user_properties either sets plain properties or applies operations ($set, $unset…), never both. */
function checkOperations(payload: Record<string, unknown>): string | null {
  const props = payload.user_properties;
  if (!isObject(props)) return null;
  const keys = Object.keys(props);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length && ops.length < keys.length) return `user_properties mixes operations (${ops.join(', ')}) with plain properties; Amplitude takes one or the other`;
  const unknown = ops.find((k) => !OPERATIONS.test(k));
  return unknown ? `user_properties has ${unknown}, which is not an Amplitude operation` : null;
}

function checkGroups(payload: Record<string, unknown>): string | null {
  const groups = payload.groups;
  if (groups === undefined) return null;
  if (!isObject(groups)) return 'groups must be an object of group type → group value';
  const types = Object.keys(groups);
  if (types.length > 5) return `groups has ${types.length} group types, over Amplitude's 5`;
  for (const type of types) {
    const values = groups[type];
    if (Array.isArray(values) && values.length > 10) return `groups.${type} has ${values.length} values, over Amplitude's 10`;
  }
  return null;
}

function identifyChecks(payload: Record<string, unknown>, s: AmplitudeSettings): string | null {
  const ids = checkId(payload, 'user_id', s.minIdLength) ?? checkId(payload, 'device_id', s.minIdLength);
  if (ids) return ids;
  if (payload.user_id === undefined && payload.device_id === undefined) return 'user_id or device_id is required: map a column to one of them (and make sure it is not null)';
  return null;
}

function eventChecks(payload: Record<string, unknown>, s: AmplitudeSettings): string | null {
  const type = payload.event_type;
  if (type === undefined) return 'event_type is required: map the column with the event’s name to it (and make sure it is not null)';
  if (typeof type !== 'string' || !type.trim()) return 'event_type must be a non-empty text';
  if (RESERVED_EVENTS.has(type)) return `event_type ${shown(type)} is reserved for Amplitude's own events`;
  const time = payload.time;
  if (time !== undefined && (typeof time !== 'number' || !Number.isFinite(time))) {
    return `time must be milliseconds since 1970, not ${shown(String(time))}: map it with type epoch-ms`;
  }
  return identifyChecks(payload, s) ?? checkObject(payload, 'event_properties') ?? checkObject(payload, 'user_properties') ?? checkGroups(payload) ?? checkOperations(payload);
}

function groupChecks(payload: Record<string, unknown>): string | null {
  for (const field of ['group_type', 'group_value'] as const) {
    const value = payload[field];
    if (typeof value === 'number') payload[field] = String(value);
    else if (value === undefined) return `${field} is required: map a column to it (and make sure it is not null)`;
    else if (typeof value !== 'string' || !value) return `${field} must be a non-empty text`;
  }
  return checkObject(payload, 'group_properties');
}

/** The checks Amplitude makes of one record, made before it is sent (see §1.3 of the contract). */
export function amplitudeShaper(dataType: DataType, settings: AmplitudeSettings): RecordShaper {
  const specific =
    dataType.id === 'events'
      ? (p: Record<string, unknown>) => eventChecks(p, settings)
      : dataType.id === 'user-properties'
        ? (p: Record<string, unknown>) => identifyChecks(p, settings) ?? checkObject(p, 'user_properties') ?? checkGroups(p) ?? checkOperations(p)
        : groupChecks;
  return {
    check(payload) {
      dropNulls(payload);
      return specific(payload) ?? (outOfBounds(payload, 0) ? checkValues(payload, '', 0) : null);
    },
    // Amplitude limits events per user, or per device for events without a user.
    rateKey: dataType.id === 'group-properties' ? undefined : (payload) => (payload.user_id as string | undefined) ?? (payload.device_id !== undefined ? `device:${String(payload.device_id)}` : null),
  };
}
