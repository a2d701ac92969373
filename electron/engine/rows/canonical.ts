import crypto from 'node:crypto';

/** True when the keys are in ascending order and no value is undefined: JSON.stringify is then canonical. */
function isCanonicalAlready(value: Record<string, unknown>): boolean {
  let previous = '';
  let first = true;
  for (const key in value) {
    if ((!first && key <= previous) || value[key] === undefined) return false;
    previous = key;
    first = false;
  }
  return true;
}

// The sorted key order of the last payload shape seen: rows of one run share their shape.
let lastKeys: string[] = [];
let lastSorted: string[] = [];

function sortedKeysOf(value: Record<string, unknown>): string[] {
  let i = 0;
  let same = true;
  for (const key in value) {
    if (lastKeys[i++] !== key) {
      same = false;
      break;
    }
  }
  if (!same || i !== lastKeys.length) {
    lastKeys = Object.keys(value);
    lastSorted = [...lastKeys].sort();
  }
  return lastSorted;
}

/**
 * A payload as JSON with its top-level keys sorted, so equal rows give equal text (and equal
 * hashes) even if the query's column order changes. Nested values (VARIANT/OBJECT columns,
 * fields built from dotted paths) keep their order: it comes from the stored JSON or from the
 * mapping, both stable from run to run. Runs for every row, so it is one native JSON.stringify
 * of the payload's values re-inserted in sorted order (undefined written as null).
 */
export function canonicalJson(value: Record<string, unknown>): string {
  if (isCanonicalAlready(value)) return JSON.stringify(value);
  const sorted: Record<string, unknown> = {};
  for (const key of sortedKeysOf(value)) {
    const v = value[key];
    sorted[key] = v === undefined ? null : v;
  }
  return JSON.stringify(sorted);
}

// crypto.hash is the one-shot form (no Hash object per call): several times faster per row.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'base64url') => string }).hash;

/** SHA-256 in base64url of a text (as UTF-8) or of bytes: the same digest for the same UTF-8. */
export function sha256(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data, 'base64url') : crypto.createHash('sha256').update(data).digest('base64url');
}
