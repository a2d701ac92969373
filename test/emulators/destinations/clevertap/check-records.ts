import type { InvalidWhen, JsonObject, RecordProblem, ResponseStyle, UnprocessedRecord, UploadAnswer } from './types';

// The Upload API's per-record contract (shared/specs/destinations.md §3.3–3.4), pure. A record
// that breaks a rule is not a 400 for the call: it goes into `unprocessed` with CleverTap's code
// and message, and the rest of the call is processed.
//
// Messages: those CleverTap was recorded answering (514–520, 523) are reproduced to the letter,
// including their odd punctuation ("…is not valid.Skipped record number : 1",
// "…School/College/Graduate..Skipped…"). The others use the words of CleverTap's error page
// for the code, then what exactly was wrong, then ". Skipped record number : N".

/** destinations.md §3.3: up to 1000 records per call. */
export const MAX_RECORDS = 1000;
export const MAX_KEY_CHARS = 120;
export const MAX_VALUE_BYTES = 512;
export const MAX_IDENTITY_CHARS = 120;
/** §3.3 CONFLICT (256 on an older page, 100 by default now): the stricter 100. */
export const MAX_EVENT_PROPERTIES = 100;
/** §3.3: custom profile properties an account may have (the standard keys do not count). */
export const MAX_CUSTOM_PROFILE_KEYS = 256;
/** Larger than any date in seconds until the year 2286: such a number is milliseconds. */
export const MAX_EPOCH_SECONDS = 9_999_999_999;

export const CODES = {
  eventNameMandatory: 509,
  invalidStructure: 512,
  restrictedEvent: 513,
  gender: 514,
  email: 515,
  phone: 516,
  employed: 517,
  education: 518,
  married: 519,
  age: 520,
  tooManyEventProperties: 522,
  identity: 523,
  neitherEventNorProfile: 524,
  timestamp: 525,
  objectId: 526,
  discardedEvent: 528,
} as const;

/** CleverTap's own profile keys (upload-user-profiles-api): not custom, so not counted against the 256. */
export const STANDARD_PROFILE_KEYS: ReadonlySet<string> = new Set([
  'Name',
  'Email',
  'Phone',
  'Gender',
  'Employed',
  'Education',
  'Married',
  'Age',
  'DOB',
  'Photo',
  'Identity',
  'identity',
  'tz',
  'MSG-email',
  'MSG-push',
  'MSG-push-all',
  'MSG-sms',
  'MSG-whatsapp',
  'MSG-dndPhone',
  'MSG-dndEmail',
]);

/**
 * Events CleverTap raises itself (its "system events"); an upload may not raise them (513). The
 * list is the fake's (the error page names the code, not the events); `restrictedEvents` changes it.
 */
export const DEFAULT_RESTRICTED_EVENTS: readonly string[] = [
  'App Launched',
  'App Installed',
  'App Uninstalled',
  'Notification Sent',
  'Notification Viewed',
  'Notification Clicked',
  'UTM Visited',
  'Session Concluded',
  'Stayed',
];

export const IDENTITY_FIELDS = ['identity', 'objectId', 'FBID', 'GPID'] as const;

export interface RecordRules {
  maxEventProperties: number;
  maxCustomProfileKeys: number;
  restrictedEvents: ReadonlySet<string>;
  /** Event names discarded in the dashboard: raising one is a 528. */
  discardedEvents: ReadonlySet<string>;
}

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const quote = (s: string, max = 40): string => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

/** A problem whose message CleverTap words as "<text>. Skipped record number : N". */
const plain = (code: number, text: string): RecordProblem => ({ code, error: `${text}. ` });
/** A profile problem, worded as CleverTap's recorded ones: "Profile data is incorrect. <detail>.Skipped…". */
const profile = (code: number, detail: string): RecordProblem => ({ code, error: `Profile data is incorrect. ${detail}.` });

/** The full `error` of an unprocessed record: the problem's text and the 1-based record number. */
export const skipped = (problem: RecordProblem, number: number): string => `${problem.error}Skipped record number : ${number}`;

/** The 523 CleverTap was recorded answering for a record without a usable identity. */
export const MISSING_IDENTITY = "'identity' or 'fbId' or 'gpId' or 'objectId' is necessary under 120 chars to identify the user";

function identityProblem(r: JsonObject): RecordProblem | null {
  if (present(r.objectId) && typeof r.objectId !== 'string') return plain(CODES.objectId, `objectId invalid: it must be a string, got ${JSON.stringify(r.objectId)}`);
  const given = IDENTITY_FIELDS.filter((f) => present(r[f]));
  if (given.length === 0) return plain(CODES.identity, MISSING_IDENTITY);
  if (given.length > 1) {
    return plain(CODES.identity, `Only one of 'identity', 'objectId', 'FBID' or 'GPID' may identify the user; this record has ${given.map((f) => `'${f}'`).join(' and ')}`);
  }
  const field = given[0]!;
  const value = r[field];
  // identity, FBID and GPID may be numbers (CleverTap was recorded accepting "identity": 10).
  const usable = typeof value === 'string' || (field !== 'objectId' && typeof value === 'number' && Number.isFinite(value));
  if (!usable || String(value).length > MAX_IDENTITY_CHARS) return plain(CODES.identity, MISSING_IDENTITY);
  return null;
}

function timestampProblem(ts: unknown): RecordProblem | null {
  if (ts === undefined) return null;
  if (typeof ts === 'number' && Number.isInteger(ts) && ts > 0 && ts <= MAX_EPOCH_SECONDS) return null;
  const hint = typeof ts === 'number' && ts > MAX_EPOCH_SECONDS ? ' (that is milliseconds; ts is in seconds)' : '';
  return plain(CODES.timestamp, `Timestamp not in UNIX epoch format: ts must be whole seconds since 1970, got ${JSON.stringify(ts)}${hint}`);
}

/** A `$D_…` value that is not `$D_<epoch seconds>`, anywhere inside `value`, or null. */
export function badDate(value: unknown): string | null {
  if (typeof value === 'string') {
    if (!value.startsWith('$D_')) return null;
    const m = /^\$D_(-?\d+)$/.exec(value);
    return m && Math.abs(Number(m[1])) <= MAX_EPOCH_SECONDS ? null : value;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      const bad = badDate(v);
      if (bad !== null) return bad;
    }
  } else if (isObject(value)) {
    return badDate(Object.values(value));
  }
  return null;
}

/** The first string inside `value` longer than 512 bytes, or null. */
function longString(value: unknown): string | null {
  if (typeof value === 'string') return bytes(value) > MAX_VALUE_BYTES ? value : null;
  const items = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  for (const v of items) {
    const long = longString(v);
    if (long !== null) return long;
  }
  return null;
}

/** Key and value limits and `$D_` dates of evtData / profileData, in CleverTap's words for each kind. */
function dataProblem(data: JsonObject, word: (detail: string) => RecordProblem, keyLength: (k: string) => number, unit: string): RecordProblem | null {
  for (const [key, value] of Object.entries(data)) {
    if (key.trim() === '') return word('a property name is empty');
    if (keyLength(key) > MAX_KEY_CHARS) return word(`property name ${quote(key)} is ${keyLength(key)} ${unit}, at most ${MAX_KEY_CHARS}`);
    const long = longString(value);
    if (long !== null) return word(`the value of ${quote(key)} is ${bytes(long)} bytes, at most ${MAX_VALUE_BYTES}`);
    const date = badDate(value);
    if (date !== null) return plain(CODES.timestamp, `Timestamp not in UNIX epoch format: ${quote(date)} in ${quote(key)}; dates are "$D_<epoch seconds>"`);
  }
  return null;
}

function eventProblem(r: JsonObject, rules: RecordRules): RecordProblem | null {
  const name = r.evtName;
  if (typeof name !== 'string' || name.trim() === '') return plain(CODES.eventNameMandatory, 'Event name mandatory: evtName must be a non-empty string');
  if (rules.restrictedEvents.has(name)) return plain(CODES.restrictedEvent, `Raised a restricted system event: ${quote(name)} is raised by CleverTap itself`);
  if (rules.discardedEvents.has(name)) return plain(CODES.discardedEvent, `Discarded event is raised: ${quote(name)}`);
  if (!isObject(r.evtData)) return plain(CODES.invalidStructure, 'Invalid event structure: evtData must be an object');
  const count = Object.keys(r.evtData).length;
  if (count > rules.maxEventProperties) return plain(CODES.tooManyEventProperties, `Event properties limit exceeded: ${count} properties, at most ${rules.maxEventProperties}`);
  return dataProblem(r.evtData, (d) => plain(CODES.invalidStructure, `Invalid event structure: ${d}`), (k) => k.length, 'characters');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** `+<country code><number>`, E.164: at most 15 digits, the first not 0. */
export const PHONE = /^\+[1-9]\d{6,14}$/;

/** The standard fields CleverTap checks, in the order of their codes, with its recorded words. */
const STANDARD_CHECKS: { key: string; code: number; detail: string; ok: (v: unknown) => boolean }[] = [
  { key: 'Gender', code: CODES.gender, detail: 'Gender needs to be M/F', ok: (v) => v === 'M' || v === 'F' },
  { key: 'Email', code: CODES.email, detail: 'Email is not valid', ok: (v) => typeof v === 'string' && EMAIL.test(v) },
  { key: 'Phone', code: CODES.phone, detail: 'Phone number is not valid', ok: (v) => typeof v === 'string' && PHONE.test(v) },
  { key: 'Employed', code: CODES.employed, detail: 'Employed needs to be Y/N', ok: (v) => v === 'Y' || v === 'N' },
  { key: 'Education', code: CODES.education, detail: 'Education needs to be School/College/Graduate.', ok: (v) => v === 'School' || v === 'College' || v === 'Graduate' },
  { key: 'Married', code: CODES.married, detail: 'Married needs to be Y/N', ok: (v) => v === 'Y' || v === 'N' },
  { key: 'Age', code: CODES.age, detail: 'Age is invalid', ok: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'string' && /^\d{1,3}$/.test(v)) },
];

/** The custom (non-standard) keys of a profile record's profileData. */
export const customKeysOf = (profileData: JsonObject): string[] => Object.keys(profileData).filter((k) => !STANDARD_PROFILE_KEYS.has(k));

function profileProblem(r: JsonObject, rules: RecordRules, accountKeys: ReadonlySet<string>): RecordProblem | null {
  if (!isObject(r.profileData)) return profile(CODES.invalidStructure, 'profileData must be an object');
  const data = r.profileData;
  for (const check of STANDARD_CHECKS) {
    // null stands for "no value" here, as an empty column would.
    if (data[check.key] !== undefined && data[check.key] !== null && !check.ok(data[check.key])) return profile(check.code, check.detail);
  }
  const problem = dataProblem(data, (d) => profile(CODES.invalidStructure, d), bytes, 'bytes');
  if (problem) return problem;
  const fresh = customKeysOf(data).filter((k) => !accountKeys.has(k));
  if (accountKeys.size + fresh.length > rules.maxCustomProfileKeys) {
    return profile(CODES.invalidStructure, `custom profile properties limit exceeded: this record would bring the account to ${accountKeys.size + fresh.length}, at most ${rules.maxCustomProfileKeys}`);
  }
  return null;
}

/**
 * The first problem of one record, or null when CleverTap would process it. `accountKeys` are
 * the custom profile keys the account already has.
 */
export function checkRecord(record: unknown, rules: RecordRules, accountKeys: ReadonlySet<string>): RecordProblem | null {
  if (!isObject(record)) return plain(CODES.neitherEventNorProfile, 'Data neither event nor profile: a record must be a JSON object');
  const identity = identityProblem(record);
  if (identity) return identity;
  const type = record.type;
  if (type !== 'event' && type !== 'profile') return plain(CODES.neitherEventNorProfile, `Data neither event nor profile: type must be "event" or "profile", got ${JSON.stringify(type)}`);
  const ts = timestampProblem(record.ts);
  if (ts) return ts;
  return type === 'event' ? eventProblem(record, rules) : profileProblem(record, rules, accountKeys);
}

export interface Judgement {
  answer: UploadAnswer;
  /** The records that passed, in order (what a real upload stores). */
  passed: JsonObject[];
  /** True when invalidWhen refused at least one record. */
  ruled: boolean;
}

/**
 * Decides every record of `d` and builds the 200 answer. `accountKeys` is updated with the
 * custom keys of the profiles that pass (the caller passes a copy on a dry run).
 */
export function judgeRecords(records: unknown[], rules: RecordRules, accountKeys: Set<string>, invalidWhen: InvalidWhen | null, style: ResponseStyle): Judgement {
  const passed: JsonObject[] = [];
  const unprocessed: UnprocessedRecord[] = [];
  let ruled = false;
  records.forEach((record, index) => {
    let problem = checkRecord(record, rules, accountKeys);
    if (!problem && invalidWhen) {
      const p = invalidWhen(record as JsonObject, index);
      if (p) {
        ruled = true;
        problem = { code: p.code, error: `${p.error}. ` };
      }
    }
    if (problem) {
      unprocessed.push({ status: 'fail', code: problem.code, error: skipped(problem, index + 1), record: style === 'legacy' ? JSON.stringify(record) : record });
      return;
    }
    const r = record as JsonObject;
    if (r.type === 'profile') for (const k of customKeysOf(r.profileData as JsonObject)) accountKeys.add(k);
    passed.push(r);
  });
  const processed = passed.length;
  const status = style === 'legacy' || unprocessed.length === 0 ? 'success' : processed === 0 ? 'fail' : 'partial';
  return { answer: { status, processed, unprocessed }, passed, ruled };
}
