import type { Answer } from './server-shell';
import type { InvalidWhen, JsonObject } from './types';

// The HTTP V2 / Batch contract (shared/specs/destinations.md §1.3–1.5), pure: a parsed body in,
// either the events to store or Amplitude's 400/413 out. Both APIs take the same body.

/** destinations.md §1.3 "Invalid IDs": treated as if the id were not there (compared without case). */
export const INVALID_IDS = new Set(['anonymous', 'nil', 'none', 'null', 'n/a', 'na', 'undefined', 'unknown', '', '00000000-0000-0000-0000-000000000000', '{}', 'lmy47d', '0', '-1']);

export const DEFAULT_MIN_ID_LENGTH = 5;
/** Both APIs take up to 2000 events; the V2 text says "< 2000" but its table says 2000 → 413 only above. */
export const MAX_EVENTS = 2000;

export const ERRORS = {
  missingBody: 'Missing request body',
  invalidJson: 'Invalid JSON request body',
  missingField: 'Request missing required field',
  invalidEvent: 'Invalid event JSON',
  invalidKey: 'Invalid API key',
  invalidFields: 'Invalid field values on some events',
  invalidIdLength: 'Invalid id length for user_id or device_id',
  tooLarge: 'Payload too large',
} as const;

/** Fields whose value must be a JSON object when present (null counts as absent). */
const OBJECT_FIELDS = ['event_properties', 'user_properties', 'groups', 'group_properties', 'plan'];

export const bad = (error: string, extra: JsonObject = {}): Answer => ({ status: 400, json: { code: 400, error, ...extra } });
export const tooLarge = (): Answer => ({ status: 413, json: { code: 413, error: ERRORS.tooLarge } });

/** `count`: events in the body as far as it could be read (0 when it could not), for the request log. */
export type EventsCheck = { ok: true; apiKey: string; events: JsonObject[] } | { ok: false; answer: Answer; count: number };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const present = (v: unknown): boolean => v !== undefined && v !== null;

/** Request-level checks, in the order the API reports them; `keys` are the accepted project keys. */
export function checkEventsBody(text: string, keys: ReadonlySet<string>, invalidWhen: InvalidWhen | null): EventsCheck {
  if (text.trim() === '') return { ok: false, answer: bad(ERRORS.missingBody), count: 0 };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, answer: bad(ERRORS.invalidJson), count: 0 };
  }
  if (!isObject(body)) return { ok: false, answer: bad(ERRORS.invalidJson), count: 0 };
  const count = Array.isArray(body.events) ? body.events.length : 0;
  const apiKey = body.api_key;
  if (typeof apiKey !== 'string' || apiKey === '') return { ok: false, answer: bad(ERRORS.missingField, { missing_field: 'api_key' }), count };
  if (!keys.has(apiKey)) return { ok: false, answer: bad(ERRORS.invalidKey), count };
  const events = body.events;
  if (events === undefined || (Array.isArray(events) && events.length === 0)) return { ok: false, answer: bad(ERRORS.missingField, { missing_field: 'events' }), count };
  if (!Array.isArray(events) || !events.every(isObject)) return { ok: false, answer: bad(ERRORS.invalidEvent), count };
  if (events.length > MAX_EVENTS) return { ok: false, answer: tooLarge(), count };
  const minIdLength = minIdLengthOf(body.options);
  if (minIdLength === null) return { ok: false, answer: bad(ERRORS.invalidJson, { invalid_field: 'options.min_id_length' }), count };

  const problems = checkEvents(events, minIdLength, invalidWhen);
  if (problems) return { ok: false, answer: problems, count };
  return { ok: true, apiKey, events };
}

/** `options.min_id_length`: a positive integer, default 5; null when it is something else. */
export function minIdLengthOf(options: unknown): number | null {
  if (options === undefined || options === null) return DEFAULT_MIN_ID_LENGTH;
  if (!isObject(options)) return null;
  const v = options.min_id_length;
  if (v === undefined || v === null) return DEFAULT_MIN_ID_LENGTH;
  return Number.isInteger(v) && (v as number) > 0 ? (v as number) : null;
}

type IndexMap = Record<string, number[]>;

const add = (map: IndexMap, field: string, i: number): void => {
  const list = (map[field] ??= []);
  if (list.at(-1) !== i) list.push(i);
};

/**
 * What an id field holds: `usable`, `absent` (missing, null or on the invalid-id list),
 * `short` (under the minimum length) or `invalid` (not a string).
 */
export function idState(v: unknown, minIdLength: number): 'usable' | 'absent' | 'short' | 'invalid' {
  if (!present(v)) return 'absent';
  if (typeof v !== 'string') return 'invalid';
  if (INVALID_IDS.has(v.toLowerCase())) return 'absent';
  return v.length < minIdLength ? 'short' : 'usable';
}

/** Per-event checks; null when every event passes, else the 400 naming the events by index. */
export function checkEvents(events: JsonObject[], minIdLength: number, invalidWhen: InvalidWhen | null): Answer | null {
  const missing: IndexMap = {};
  const shortIds: IndexMap = {};
  const invalid: IndexMap = {};
  events.forEach((e, i) => {
    let flagged = false;
    const mark = (map: IndexMap, field: string): void => {
      flagged = true;
      add(map, field, i);
    };
    if (!present(e.event_type) || e.event_type === '') mark(missing, 'event_type');
    else if (typeof e.event_type !== 'string') mark(invalid, 'event_type');

    let usable = false;
    let refused = false;
    for (const field of ['user_id', 'device_id']) {
      const state = idState(e[field], minIdLength);
      if (state === 'usable') usable = true;
      if (state === 'short') mark(shortIds, field);
      if (state === 'invalid') mark(invalid, field);
      refused ||= state === 'short' || state === 'invalid';
    }
    // Neither id there (an id that is there but refused is reported as such): both are
    // reported missing, since either would do.
    if (!usable && !refused) {
      mark(missing, 'user_id');
      mark(missing, 'device_id');
    }

    if (present(e.time) && typeof e.time !== 'number') mark(invalid, 'time');
    if (present(e.insert_id) && typeof e.insert_id !== 'string') mark(invalid, 'insert_id');
    for (const field of OBJECT_FIELDS) if (present(e[field]) && !isObject(e[field])) mark(invalid, field);

    // The test's rule sees only events the contract accepts, so it can read their fields freely.
    const ruled = flagged ? null : invalidWhen?.(e, i);
    if (ruled) add(invalid, ruled, i);
  });

  const has = (m: IndexMap) => Object.keys(m).length > 0;
  if (!has(missing) && !has(shortIds) && !has(invalid)) return null;
  // One `error` per answer, as the API gives: missing fields first, then short ids, then values.
  const error = has(missing) ? ERRORS.missingField : has(shortIds) ? ERRORS.invalidIdLength : ERRORS.invalidFields;
  return bad(error, {
    ...(has(missing) ? { events_with_missing_fields: missing } : {}),
    ...(has(shortIds) ? { events_with_invalid_id_lengths: shortIds } : {}),
    ...(has(invalid) ? { events_with_invalid_fields: invalid } : {}),
  });
}
