import type { DataType } from '../../../../shared/destinations';
import type { CleverTapSettings } from '../../../../shared/destinations/clevertap';
import type { RecordShaper } from '../types';

// The checks CleverTap's Upload API makes of each record (destinations.md §3.3, with the codes of
// §3.4), made before sending so a row it would refuse is rejected with the reason and a dry run
// shows it. What can be converted without guessing is: timestamps to epoch seconds, ISO dates
// inside the data to "$D_<seconds>", M/F, Y/N, phone punctuation.

export const MAX_IDENTITY_CHARS = 120;
export const MAX_KEY_LENGTH = 120;
export const MAX_VALUE_BYTES = 512;
/** §3.3 CONFLICT (256 on an older page, 100 by default now): the stricter 100, floe_id among them. */
export const MAX_EVENT_PROPERTIES = 100;
export const MAX_CUSTOM_PROFILE_KEYS = 256;
/** Larger than any date in seconds until the year 2286: such a number is milliseconds. */
const MAX_EPOCH_SECONDS = 9_999_999_999;

/** Where every event carries Floe's key for it (see requests.ts). */
export const FLOE_ID = 'floe_id';

/** CleverTap's own profile keys: not custom, so not counted against the 256. */
const STANDARD_PROFILE_KEYS = new Set(['Name', 'Email', 'Phone', 'Gender', 'Employed', 'Education', 'Married', 'Age', 'DOB', 'Photo', 'Identity', 'identity', 'tz']);
const isStandard = (key: string) => STANDARD_PROFILE_KEYS.has(key) || key.startsWith('MSG-');

const TOP_LEVEL = {
  event: new Set(['identity', 'objectId', 'evtName', 'evtData', 'ts']),
  profile: new Set(['identity', 'objectId', 'profileData', 'ts']),
};

/** ISO-8601 date and time (a T or a space between them), with or without a zone (none = UTC, as Snowflake's NTZ). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLEVERTAP_DATE = /^\$D_-?\d+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** `+<country code><number>` (E.164: at most 15 digits, the first not 0). */
const PHONE = /^\+[1-9]\d{6,14}$/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const shown = (v: unknown) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
};
const kindOf = (v: unknown) => (Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v);

/** Milliseconds since 1970 of an ISO date-time text, or NaN. */
function isoMillis(text: string): number {
  const t = text.replace(' ', 'T');
  return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}Z`);
}

/**
 * Pure: a `ts` as CleverTap takes it (whole seconds since 1970), from seconds, milliseconds (a
 * number over 9,999,999,999), digits, or an ISO date-time; or the reason it cannot be one.
 */
export function epochSeconds(value: unknown): { ok: true; seconds: number } | { ok: false; reason: string } {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) n = Number(value.trim());
  else if (typeof value === 'string' && ISO_DATE_TIME.test(value.trim())) n = isoMillis(value.trim()) / 1000;
  else return { ok: false, reason: `ts must be a date and time or seconds since 1970, not ${shown(value)} (${kindOf(value)}): map it with type timestamp` };
  if (!Number.isFinite(n) || n <= 0) return { ok: false, reason: `ts ${shown(value)} is not a time after 1970` };
  const seconds = Math.floor(n > MAX_EPOCH_SECONDS ? n / 1000 : n);
  return seconds > MAX_EPOCH_SECONDS ? { ok: false, reason: `ts ${shown(value)} is too far in the future` } : { ok: true, seconds };
}

/**
 * Pure: a value inside evtData / profileData with every ISO date-time text turned into
 * CleverTap's "$D_<epoch seconds>" (at any depth), or the path of a "$D_…" text that is not one.
 */
export function withDates(value: unknown, path: string, dateOnly = false): { value: unknown; bad: string | null } {
  if (typeof value === 'string') {
    if (value.startsWith('$D_')) return CLEVERTAP_DATE.test(value) && Math.abs(Number(value.slice(3))) <= MAX_EPOCH_SECONDS ? { value, bad: null } : { value, bad: path };
    const text = value.trim();
    const ms = ISO_DATE_TIME.test(text) || (dateOnly && ISO_DATE.test(text)) ? isoMillis(ISO_DATE.test(text) ? `${text}T00:00:00Z` : text) : NaN;
    return { value: Number.isFinite(ms) ? `$D_${Math.floor(ms / 1000)}` : value, bad: null };
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const r = withDates(value[i], `${path}[${i}]`);
      if (r.bad) return r;
      out.push(r.value);
    }
    return { value: out, bad: null };
  }
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = withDates(v, `${path}.${k}`);
      if (r.bad) return r;
      out[k] = r.value;
    }
    return { value: out, bad: null };
  }
  return { value, bad: null };
}

/** The path of the first text over 512 bytes inside a value, or null. */
function longText(value: unknown, path: string): string | null {
  if (typeof value === 'string') return bytes(value) > MAX_VALUE_BYTES ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const long = longText(value[i], `${path}[${i}]`);
      if (long) return long;
    }
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const long = longText(v, `${path}.${k}`);
      if (long) return long;
    }
  }
  return null;
}

/** Converts dates and checks key and value limits of evtData / profileData in place. */
function checkData(data: Record<string, unknown>, field: string, keyLength: (k: string) => number, unit: string): string | null {
  for (const key of Object.keys(data)) {
    if (key.trim() === '') return `${field} has a property with an empty name`;
    if (keyLength(key) > MAX_KEY_LENGTH) return `${field} property name ${shown(key)} is ${keyLength(key)} ${unit} long, over CleverTap's ${MAX_KEY_LENGTH}`;
    const dated = withDates(data[key], `${field}.${key}`, key === 'DOB');
    if (dated.bad) return `${dated.bad} is not a CleverTap date ("$D_<seconds since 1970>"): send an ISO date and time and Floe converts it`;
    data[key] = dated.value;
    const long = longText(data[key], `${field}.${key}`);
    if (long) return `${long} is over ${MAX_VALUE_BYTES} bytes, CleverTap's limit for a value`;
  }
  return null;
}

/** Y/N from Y, N, yes, no, true, false (CleverTap's Employed and Married). */
function yesNo(v: unknown): 'Y' | 'N' | null {
  if (v === true || v === 1) return 'Y';
  if (v === false || v === 0) return 'N';
  if (typeof v !== 'string') return null;
  const t = v.trim().toLowerCase();
  return t === 'y' || t === 'yes' || t === 'true' ? 'Y' : t === 'n' || t === 'no' || t === 'false' ? 'N' : null;
}

/** The standard profile fields CleverTap checks (codes 514–520), tidied where the meaning is plain. */
function checkStandard(data: Record<string, unknown>): string | null {
  const given = (key: string) => data[key] !== undefined && data[key] !== null;
  if (given('Gender')) {
    const g = String(data.Gender).trim().toLowerCase();
    const gender = g === 'm' || g === 'male' ? 'M' : g === 'f' || g === 'female' ? 'F' : null;
    if (!gender) return `profileData.Gender must be M or F (CleverTap's only values), not ${shown(data.Gender)}: map other values to a custom property`;
    data.Gender = gender;
  }
  if (given('Email') && (typeof data.Email !== 'string' || !EMAIL.test(data.Email.trim()))) return `profileData.Email ${shown(data.Email)} is not an email address`;
  if (given('Email')) data.Email = (data.Email as string).trim();
  if (given('Phone')) {
    const raw = typeof data.Phone === 'string' ? data.Phone.replace(/[\s().-]/g, '') : '';
    const phone = raw.startsWith('00') ? `+${raw.slice(2)}` : raw;
    if (!PHONE.test(phone)) return `profileData.Phone must be +<country code><number>, e.g. +14155550123, not ${shown(data.Phone)}`;
    data.Phone = phone;
  }
  for (const key of ['Employed', 'Married'] as const) {
    if (!given(key)) continue;
    const yn = yesNo(data[key]);
    if (!yn) return `profileData.${key} must be Y or N, not ${shown(data[key])}`;
    data[key] = yn;
  }
  if (given('Education')) {
    const e = ['School', 'College', 'Graduate'].find((v) => v.toLowerCase() === String(data.Education).trim().toLowerCase());
    if (!e) return `profileData.Education must be School, College or Graduate, not ${shown(data.Education)}`;
    data.Education = e;
  }
  if (given('Age')) {
    const age = typeof data.Age === 'string' && /^\d{1,3}$/.test(data.Age.trim()) ? Number(data.Age) : data.Age;
    if (typeof age !== 'number' || !Number.isInteger(age) || age < 0 || age > 150) return `profileData.Age must be a whole number of years, not ${shown(data.Age)}`;
    data.Age = age;
  }
  return null;
}

/** Exactly one of identity / objectId, the one the destination's settings choose, as text. */
function checkIdentity(payload: Record<string, unknown>, chosen: 'identity' | 'objectId'): string | null {
  const other = chosen === 'identity' ? 'objectId' : 'identity';
  for (const field of ['identity', 'objectId'] as const) {
    const v = payload[field];
    if (typeof v === 'number' || typeof v === 'bigint') payload[field] = String(v);
    else if (typeof v === 'string') payload[field] = v.trim();
    else if (v !== undefined) return `${field} must be text, not ${kindOf(v)}`;
    if (payload[field] === '') delete payload[field];
  }
  const label = chosen === 'identity' ? 'identity (an email, a phone number or your own id)' : 'objectId (the CleverTap ID)';
  if (payload[chosen] !== undefined && payload[other] !== undefined) {
    return `the row has both identity and objectId; CleverTap takes exactly one, and this destination identifies users by ${label}: remove the ${other} mapping`;
  }
  if (payload[chosen] === undefined) {
    return payload[other] !== undefined
      ? `this destination identifies users by ${label}, but the row has ${other} instead: map a column to ${chosen}, or change the destination's identity setting`
      : `${chosen} is required to identify the user: map a column to it (and make sure it is not null)`;
  }
  const id = payload[chosen] as string;
  if (id.length > MAX_IDENTITY_CHARS) return `${chosen} ${shown(id)} is ${id.length} characters long, over CleverTap's ${MAX_IDENTITY_CHARS}`;
  return null;
}

function checkTs(payload: Record<string, unknown>): string | null {
  if (payload.ts === undefined) return null;
  const ts = epochSeconds(payload.ts);
  if (!ts.ok) return ts.reason;
  payload.ts = ts.seconds;
  return null;
}

function checkEvent(payload: Record<string, unknown>): string | null {
  const name = typeof payload.evtName === 'number' ? String(payload.evtName) : payload.evtName;
  if (name === undefined || name === '') return 'evtName is required: map the column with the event’s name to it (and make sure it is not null)';
  if (typeof name !== 'string' || !name.trim()) return `evtName must be a non-empty text, not ${kindOf(name)}`;
  payload.evtName = name;
  if (payload.evtData === undefined) payload.evtData = {};
  if (!isObject(payload.evtData)) return `evtData must be an object of the event’s properties (map a VARIANT/OBJECT column with type json), not ${kindOf(payload.evtData)}`;
  const data = payload.evtData;
  if (Object.hasOwn(data, FLOE_ID)) return `evtData.${FLOE_ID} is where Floe puts each event’s row key (to find duplicates): rename that column`;
  const count = Object.keys(data).length + 1;
  if (count > MAX_EVENT_PROPERTIES) return `the event has ${count} properties with Floe’s ${FLOE_ID}, over CleverTap's ${MAX_EVENT_PROPERTIES}: map fewer columns into evtData`;
  return checkData(data, 'evtData', (k) => k.length, 'characters');
}

function checkProfile(payload: Record<string, unknown>): string | null {
  if (payload.profileData === undefined) payload.profileData = {};
  if (!isObject(payload.profileData)) return `profileData must be an object of the profile’s properties (map a VARIANT/OBJECT column with type json), not ${kindOf(payload.profileData)}`;
  const data = payload.profileData;
  const custom = Object.keys(data).filter((k) => !isStandard(k)).length;
  if (custom > MAX_CUSTOM_PROFILE_KEYS) return `the profile has ${custom} custom properties, over CleverTap's ${MAX_CUSTOM_PROFILE_KEYS}: map fewer columns into profileData`;
  return checkStandard(data) ?? checkData(data, 'profileData', bytes, 'bytes');
}

/** The checks of a CleverTap data type's records, with the identity field the settings choose. */
export function clevertapShaper(dataType: DataType, settings: Pick<CleverTapSettings, 'identityField'>): RecordShaper {
  const type = dataType.id === 'events' ? 'event' : 'profile';
  const allowed = TOP_LEVEL[type];
  return {
    check(payload) {
      for (const key of Object.keys(payload)) if (payload[key] === null || payload[key] === undefined) delete payload[key];
      // Only CleverTap's own fields at the top, which also keeps evtData the first key of an
      // event's JSON, where requests.ts puts floe_id.
      const stray = Object.keys(payload).find((key) => !allowed.has(key));
      if (stray) {
        const into = type === 'event' ? 'evtData' : 'profileData';
        return `${stray} is not a field of a CleverTap ${type} (it takes ${[...allowed].join(', ')}): map it to ${into}.${stray} instead`;
      }
      return checkIdentity(payload, settings.identityField) ?? checkTs(payload) ?? (type === 'event' ? checkEvent(payload) : checkProfile(payload));
    },
  };
}
