/**
 * A rejected row's key as people read it. The engine keeps a row's key as one string (see
 * electron/engine/rows/row-key.ts): the value itself for a one-column text key, a JSON array of
 * the values otherwise; a digest of the mapped row when the sync has no primary key; and "#N",
 * the row's place in the run, for a row rejected before it had either.
 */
export type RowKeyText =
  /** `parts`: one "COLUMN = value" per key column, to keep each together when the text wraps. */
  | { kind: 'columns'; text: string; parts: string[] }
  | { kind: 'digest'; text: string }
  | { kind: 'position'; text: string }
  /** The sync is gone (or its key unknown): the stored key as it is. */
  | { kind: 'raw'; text: string };

const POSITION = /^#(\d+)$/;
/** The first 32 characters of a SHA-256 in base64url (electron/engine/rows/idempotency.ts digestOf). */
const DIGEST = /^[A-Za-z0-9_-]{32}$/;

const valueText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The key's values, or null when the stored text is not the JSON form for this many columns. */
function jsonParts(rowKey: string, columns: number): unknown[] | null {
  if (!rowKey.startsWith('[')) return null;
  try {
    const parts: unknown = JSON.parse(rowKey);
    if (!Array.isArray(parts) || parts.length !== columns) return null;
    // One column is written as JSON only when its value is not text: ["x"] is a value that looks like JSON.
    if (columns === 1 && typeof parts[0] === 'string') return null;
    return parts;
  } catch {
    return null;
  }
}

/**
 * "USER_ID = user_0000001", "USER_ID = user_7, EVENT_ID = evt_1" with the sync's primary key
 * columns; "Digest 3fa2…" without a key; "Row 12 of the run" for a row that had no key yet.
 * `reason` tells a one-column key whose value is "#12" from a row whose key was null.
 */
export function rowKeyText(rowKey: string, primaryKey: readonly string[] | null, reason = ''): RowKeyText {
  if (!primaryKey) return { kind: 'raw', text: rowKey };
  const position = POSITION.exec(rowKey);
  if (position && (primaryKey.length === 0 || /^primary key\b/.test(reason) || primaryKey.length > 1)) {
    return { kind: 'position', text: `Row ${position[1]} of the run` };
  }
  if (primaryKey.length === 0) return DIGEST.test(rowKey) ? { kind: 'digest', text: `Digest ${rowKey}` } : { kind: 'raw', text: rowKey };
  const parts = jsonParts(rowKey, primaryKey.length) ?? (primaryKey.length === 1 ? [rowKey] : null);
  if (!parts) return { kind: 'raw', text: rowKey };
  const named = primaryKey.map((column, i) => `${column} = ${valueText(parts[i])}`);
  return { kind: 'columns', text: named.join(', '), parts: named };
}
