import type { FieldType } from '../../../shared/schemas';

export type Coerced = { ok: true; value: unknown } | { ok: false; reason: string };

const ok = (value: unknown): Coerced => ({ ok: true, value });
const no = (reason: string): Coerced => ({ ok: false, reason });

/** Snowflake hands timestamps over as Date objects; strings may also carry them. */
function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value);
  if (typeof value === 'string' && value.trim()) {
    const text = value.trim();
    // "2024-01-01 10:00:00.000" (Snowflake's text form, no zone) is read as UTC, like TIMESTAMP_NTZ.
    const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? text.replace(' ', 'T') + 'Z' : text;
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

const describe = (value: unknown) => {
  const text = typeof value === 'string' ? JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value) : String(value);
  return `${text} (${value instanceof Date ? 'date' : typeof value})`;
};

/**
 * Converts one value to the field's type. Null passes through (required-ness is checked by the
 * caller); anything that can't be converted is a reason the row is rejected, never a silent drop.
 */
export function coerce(value: unknown, type: FieldType): Coerced {
  if (value === null || value === undefined) return ok(null);
  switch (type) {
    case 'auto':
      // Dates become ISO-8601 strings, which every destination reads; everything else as is.
      return ok(value instanceof Date ? value.toISOString() : value);
    case 'string':
      if (value instanceof Date) return ok(value.toISOString());
      if (typeof value === 'object') return ok(JSON.stringify(value));
      return ok(String(value));
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) return no(`${describe(value)} is not a number`);
      // Digits a JSON number would round away (a NUMBER(38,0) id, say): refuse rather than alter.
      if (Number.isInteger(n) && !Number.isSafeInteger(n) && typeof value === 'string') return no(`${describe(value)} is too large to send exactly as a number: map it as a string`);
      return ok(n);
    }
    case 'integer': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) return no(`${describe(value)} is not a number`);
      if (!Number.isInteger(n)) return no(`${describe(value)} is not a whole number`);
      if (!Number.isSafeInteger(n)) return no(`${describe(value)} is too large to send exactly as a number: map it as a string`);
      return ok(n);
    }
    case 'boolean':
      if (typeof value === 'boolean') return ok(value);
      if (value === 1 || value === 0) return ok(value === 1);
      if (typeof value === 'string' && /^(true|false|yes|no|1|0)$/i.test(value.trim())) return ok(/^(true|yes|1)$/i.test(value.trim()));
      return no(`${describe(value)} is not true or false`);
    case 'timestamp': {
      const date = toDate(value);
      return date ? ok(date.toISOString()) : no(`${describe(value)} is not a timestamp`);
    }
    case 'epoch-ms': {
      const date = toDate(value);
      return date ? ok(date.getTime()) : no(`${describe(value)} is not a timestamp`);
    }
    case 'json':
      if (typeof value === 'string') {
        try {
          return ok(JSON.parse(value));
        } catch {
          return no(`${describe(value)} is not valid JSON`);
        }
      }
      return ok(value instanceof Date ? value.toISOString() : value);
  }
}
