import type { RecordShaper } from '../types';

// What a CluedIn ingestion endpoint does with a record (destinations.md §4, seed 004), done
// before sending so a row it would refuse is rejected with the reason and a dry run shows the
// record as CluedIn will store it: property names with spaces or dots cleaned the way CluedIn
// cleans them, at most 490 properties, a last-changed timestamp with a zone.

/** destinations.md §4: "The maximum number of columns accepted for data ingestion is 490". */
export const MAX_PROPERTIES = 490;

/** A mapped row carries these; externalId and type are added when it is sent (requests.ts). */
const TOP_LEVEL = new Set(['timestamp', 'properties']);

/** ISO-8601 date and time (a T or a space between them), with or without a zone (none = UTC, as Snowflake's NTZ). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const shown = (v: unknown): string => {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
};

/** CluedIn's fix for a property name with spaces or dots (§4: "auto-fixed and reported as warnings"). */
export const cleanName = (name: string): string => name.replace(/[ .]/g, '_');

/**
 * Pure: a timestamp as CluedIn takes it (ISO-8601 in UTC, `2025-08-20T03:14:07.000Z`), from an ISO
 * text (none of a zone means UTC) or milliseconds since 1970; or the reason it cannot be one.
 */
export function isoTimestamp(value: unknown): { ok: true; iso: string } | { ok: false; reason: string } {
  let ms = NaN;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && ISO_DATE_TIME.test(value.trim())) {
    const text = value.trim().replace(' ', 'T');
    ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`);
  }
  if (!Number.isFinite(ms)) return { ok: false, reason: `timestamp must be a date and time, not ${shown(value)}: map a column of type timestamp (e.g. UPDATED_AT)` };
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? { ok: false, reason: `timestamp ${shown(value)} is out of range` } : { ok: true, iso: date.toISOString() };
}

/**
 * Pure: the properties with each name CluedIn would rename renamed the same way, or why the
 * row cannot be sent (an empty name, a control character, a clash, too many).
 */
export function cleanProperties(properties: Record<string, unknown>): { ok: true; properties: Record<string, unknown>; renamed: number } | { ok: false; reason: string } {
  const names = Object.keys(properties);
  if (names.length > MAX_PROPERTIES) return { ok: false, reason: `${names.length} properties; CluedIn takes at most ${MAX_PROPERTIES} a record: map fewer columns` };
  const out: Record<string, unknown> = {};
  let renamed = 0;
  for (const name of names) {
    if (name.trim() === '') return { ok: false, reason: 'a property has an empty name' };
    if (CONTROL.test(name)) return { ok: false, reason: `property name ${shown(name)} has a control character, which CluedIn does not take: rename it in the mapping` };
    const clean = cleanName(name);
    if (clean !== name) {
      if (Object.hasOwn(properties, clean) || Object.hasOwn(out, clean)) {
        return { ok: false, reason: `property ${shown(name)} would become ${shown(clean)} (CluedIn turns spaces and dots into _), which the record already has: rename one in the mapping` };
      }
      renamed += 1;
    }
    out[clean] = properties[name];
  }
  return { ok: true, properties: out, renamed };
}

/** The checks of a CluedIn entity record; tidies the payload in place (timestamp in UTC, names cleaned). */
export function cluedinShaper(): RecordShaper {
  return {
    check(payload) {
      const stray = Object.keys(payload).find((key) => !TOP_LEVEL.has(key));
      if (stray) {
        return `${stray} is not a field of a CluedIn record (it takes timestamp and properties; externalId is the primary key, type the destination’s entity type): map it to properties.${stray} instead`;
      }
      if (payload.timestamp === null || payload.timestamp === undefined) {
        return 'timestamp is missing: map the column that says when the row last changed (e.g. UPDATED_AT), so CluedIn knows which version is newest';
      }
      const time = isoTimestamp(payload.timestamp);
      if (!time.ok) return time.reason;
      payload.timestamp = time.iso;
      const properties = payload.properties ?? {};
      if (!isObject(properties)) return `properties must be an object of the entity's properties, not ${shown(properties)}`;
      const cleaned = cleanProperties(properties);
      if (!cleaned.ok) return cleaned.reason;
      payload.properties = cleaned.properties;
      return null;
    },
  };
}
