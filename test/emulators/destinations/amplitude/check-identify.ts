import { DEFAULT_MIN_ID_LENGTH, idState } from './check-events';
import type { Answer } from './server-shell';
import type { IdentifyPath, JsonObject } from './types';

// The Identify and Group Identify contract (destinations.md §1.7–1.8), pure. These APIs answer
// in plain text: `success`, or a short reason. `missing_event` is the one the real API is known
// to send for a missing or malformed `identification`; the other reasons are the fake's own
// wording, each naming the parameter (so a client matching /api.?key/ finds key problems).

/** §1.8: at most 1024 group identifies per request (no count is documented for /identify). */
export const MAX_GROUP_IDENTIFIES = 1024;

const OBJECT_FIELDS = ['user_properties', 'groups', 'group_properties'];

export const text400 = (text: string): Answer => ({ status: 400, text });

export type IdentifyCheck = { ok: true; items: JsonObject[] } | { ok: false; answer: Answer; count: number };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `params`: the query string and, for a form-encoded POST, its body fields (body wins). */
export function checkIdentify(path: IdentifyPath, params: URLSearchParams, keys: ReadonlySet<string>): IdentifyCheck {
  const apiKey = params.get('api_key');
  if (!apiKey) return { ok: false, answer: text400('missing api_key'), count: 0 };
  if (!keys.has(apiKey)) return { ok: false, answer: text400('Invalid API key'), count: 0 };
  const raw = params.get('identification');
  if (raw === null || raw.trim() === '') return { ok: false, answer: text400('missing_event'), count: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, answer: text400('missing_event'), count: 0 };
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  if (items.length === 0 || !items.every(isObject)) return { ok: false, answer: text400('missing_event'), count: items.length };
  if (path === '/groupidentify' && items.length > MAX_GROUP_IDENTIFIES) {
    return { ok: false, answer: text400(`too many group identifications: ${items.length} (at most ${MAX_GROUP_IDENTIFIES})`), count: items.length };
  }
  const problems = items.flatMap((item, i) => (path === '/identify' ? identifyProblems(item, i) : groupProblems(item, i)));
  if (problems.length) return { ok: false, answer: text400(problems.join('\n')), count: items.length };
  return { ok: true, items };
}

function identifyProblems(item: JsonObject, i: number): string[] {
  const out: string[] = [];
  let usable = false;
  for (const field of ['user_id', 'device_id']) {
    const state = idState(item[field], DEFAULT_MIN_ID_LENGTH);
    if (state === 'usable') usable = true;
    if (state === 'short') out.push(`identification[${i}]: ${field} is shorter than ${DEFAULT_MIN_ID_LENGTH} characters`);
    if (state === 'invalid') out.push(`identification[${i}]: ${field} must be a string`);
  }
  if (!usable && out.length === 0) out.push(`identification[${i}]: needs a user_id or a device_id`);
  return [...out, ...objectProblems(item, i)];
}

function groupProblems(item: JsonObject, i: number): string[] {
  const out: string[] = [];
  for (const field of ['group_type', 'group_value']) {
    const v = item[field];
    if (typeof v !== 'string' || v === '') out.push(`identification[${i}]: ${field} is required (a non-empty string)`);
  }
  return [...out, ...objectProblems(item, i)];
}

function objectProblems(item: JsonObject, i: number): string[] {
  return OBJECT_FIELDS.filter((f) => item[f] !== undefined && item[f] !== null && !isObject(item[f])).map((f) => `identification[${i}]: ${f} must be an object`);
}
