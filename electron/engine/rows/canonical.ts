import crypto from 'node:crypto';

const sortedKeys = new Map<string, Array<[string, string]>>();

/**
 * A payload as JSON with its top-level keys sorted, so equal rows give equal text (and equal
 * hashes) even if the query's column order changes. Nested values (VARIANT/OBJECT columns,
 * fields built from dotted paths) keep their order: it comes from the stored JSON or from the
 * mapping, both stable from run to run. Runs for every row, so the sorted key order is cached
 * per set of keys and the rest is native JSON.stringify.
 */
export function canonicalJson(value: Record<string, unknown>): string {
  const keys = Object.keys(value);
  const signature = keys.join('\u0000');
  let order = sortedKeys.get(signature);
  if (!order) {
    order = [...keys].sort().map((k) => [k, JSON.stringify(k) + ':']);
    if (sortedKeys.size > 1000) sortedKeys.clear();
    sortedKeys.set(signature, order);
  }
  let text = '{';
  for (let i = 0; i < order.length; i++) {
    const [key, prefix] = order[i]!;
    text += (i ? ',' : '') + prefix + (JSON.stringify(value[key]) ?? 'null');
  }
  return text + '}';
}

// crypto.hash is the one-shot form (no Hash object per call): several times faster per row.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;

export function hashText(text: string): string {
  return oneShot ? oneShot('sha1', text, 'base64url') : crypto.createHash('sha1').update(text).digest('base64url');
}

export function hashOf(value: Record<string, unknown>): string {
  return hashText(canonicalJson(value));
}
