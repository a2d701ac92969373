import type { JsonObject } from './types';

// What a CluedIn ingestion endpoint takes (shared/specs/destinations.md §4, seed 004), pure: a
// decoded body in, the records to store with their warnings, or the errors of a 400 out.
//
// The body is a JSON array of records (application/json; a single object is one record, as the
// seed's relay function posts) or NDJSON, one record a line (application/x-ndjson). A record is
// the seed's shape — `{externalId, type, timestamp, properties}`, or a tombstone
// `{externalId, type, deleted: true, timestamp}`. The real endpoint stores any JSON and lets
// mapping find out later; the fake refuses a record that is not that shape, so a bug in what
// Floe sends fails its test instead of "Entities not appearing" (the seed's troubleshooting).

/** destinations.md §4: "The maximum number of columns accepted for data ingestion is 490". */
export const MAX_PROPERTIES = 490;
/** Seed 004: "Prefer 500–5,000 records per POST"; the fake refuses more (413). */
export const MAX_RECORDS = 5000;

const FIELDS = new Set(['externalId', 'type', 'timestamp', 'properties', 'deleted']);
// RFC 3339 date-time (ISO-8601 with a zone), the seed's "2025-08-20T03:14:07Z".
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isIsoDateTime = (v: unknown): v is string => typeof v === 'string' && ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v));

export type BodyFormat = 'json' | 'ndjson';

/** The values of a body, or why it is not one (a 400, or a 413 for too many records). */
export type ParsedBody = { ok: true; values: unknown[] } | { ok: false; status: 400 | 413; error: string; count: number };

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function ndjsonLines(text: string): string[] {
  // One trailing newline ends the last line; anything else is a line.
  const trimmed = text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  if (trimmed === '') return [];
  return trimmed.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export function parseBody(text: string, format: BodyFormat, maxRecords = MAX_RECORDS): ParsedBody {
  const tooMany = (count: number): ParsedBody => ({ ok: false, status: 413, error: `the body holds ${count} records; at most ${maxRecords} are accepted in one request`, count });
  let values: unknown[];
  if (format === 'json') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      return { ok: false, status: 400, error: `the body is not valid JSON: ${message(e)}`, count: 0 };
    }
    values = Array.isArray(body) ? body : [body];
    if (values.length > maxRecords) return tooMany(values.length);
  } else {
    const lines = ndjsonLines(text);
    // Counted before parsing, so an oversized batch costs no JSON work.
    if (lines.length > maxRecords) return tooMany(lines.length);
    values = [];
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') return { ok: false, status: 400, error: `NDJSON line ${i + 1} is empty`, count: lines.length };
      try {
        values.push(JSON.parse(line));
      } catch (e) {
        return { ok: false, status: 400, error: `NDJSON line ${i + 1} is not valid JSON: ${message(e)}`, count: lines.length };
      }
    }
  }
  if (values.length === 0) return { ok: false, status: 400, error: 'the body holds no records', count: 0 };
  return { ok: true, values };
}

/** A record that passed, its property names cleaned; `index` is its place in the body. */
export interface CheckedRecord {
  index: number;
  externalId: string;
  type: string;
  timestamp: string;
  deleted: boolean;
  properties?: JsonObject;
}

export interface CheckedRecords {
  records: CheckedRecord[];
  /** One line per renamed property: `record 3: property "first name" was renamed to "first_name" …`. */
  warnings: string[];
  /** One line per problem: `record 3: externalId is required …`. Any → 400, nothing stored. */
  errors: string[];
}

/** CluedIn's fix for a property name with spaces or dots (§4: "auto-fixed and reported as warnings"). */
export const cleanName = (name: string): string => name.replace(/[ .]/g, '_');

const filled = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function checkOne(value: unknown, index: number, maxProperties: number, warnings: string[]): { record: CheckedRecord | null; errors: string[] } {
  const at = `record ${index}`;
  if (!isObject(value)) return { record: null, errors: [`${at}: a record must be a JSON object`] };
  const errors: string[] = [];
  for (const field of Object.keys(value)) {
    if (!FIELDS.has(field)) errors.push(`${at}: unknown field ${JSON.stringify(field)} (a record has externalId, type, timestamp and properties, or deleted: true for a tombstone)`);
  }
  if (!filled(value.externalId)) errors.push(`${at}: externalId is required (a non-empty string)`);
  if (!filled(value.type)) errors.push(`${at}: type is required (a non-empty string)`);
  if (!isIsoDateTime(value.timestamp)) errors.push(`${at}: timestamp must be an ISO-8601 date-time with a zone, got ${JSON.stringify(value.timestamp)}`);
  if (value.deleted !== undefined && typeof value.deleted !== 'boolean') errors.push(`${at}: deleted must be true (a tombstone) or false, got ${JSON.stringify(value.deleted)}`);
  const deleted = value.deleted === true;
  let properties: JsonObject | undefined;
  if (deleted) {
    if (value.properties !== undefined) errors.push(`${at}: a tombstone (deleted: true) carries no properties`);
  } else if (!isObject(value.properties)) {
    errors.push(`${at}: properties is required (a JSON object)`);
  } else {
    const names = Object.keys(value.properties);
    if (names.length > maxProperties) errors.push(`${at}: ${names.length} properties; at most ${maxProperties} are accepted`);
    properties = {};
    const renamed: string[] = [];
    for (const name of names) {
      if (name.trim() === '') {
        errors.push(`${at}: a property name is empty`);
        continue;
      }
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f]/.test(name)) {
        errors.push(`${at}: property name ${JSON.stringify(name)} has a control character, which CluedIn does not support`);
        continue;
      }
      const clean = cleanName(name);
      if (clean !== name) {
        if (Object.hasOwn(value.properties, clean) || Object.hasOwn(properties, clean)) {
          errors.push(`${at}: property ${JSON.stringify(name)} would be renamed to ${JSON.stringify(clean)}, which the record already has`);
          continue;
        }
        renamed.push(`${at}: property ${JSON.stringify(name)} was renamed to ${JSON.stringify(clean)} (spaces and dots are not allowed in property names)`);
      }
      properties[clean] = value.properties[name];
    }
    warnings.push(...renamed);
  }
  if (errors.length) return { record: null, errors };
  const record: CheckedRecord = { index, externalId: value.externalId as string, type: value.type as string, timestamp: value.timestamp as string, deleted };
  if (properties) record.properties = properties;
  return { record, errors: [] };
}

/** Every record checked; a line names record i as `record i` (0-based, as in the body). */
export function checkRecords(values: unknown[], maxProperties = MAX_PROPERTIES): CheckedRecords {
  const records: CheckedRecord[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  values.forEach((value, i) => {
    const checked = checkOne(value, i, maxProperties, warnings);
    if (checked.record) records.push(checked.record);
    errors.push(...checked.errors);
  });
  return { records, warnings, errors };
}
