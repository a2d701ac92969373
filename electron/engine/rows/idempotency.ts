import crypto from 'node:crypto';

const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;

/**
 * The key a destination deduplicates on (Amplitude insert_id, Segment messageId, CluedIn
 * externalId, …). Derived from the sync, the row and what is sent, so a run repeated after a
 * crash sends the same keys and is deduplicated, while a changed row gets a new one.
 */
export function idempotencyKey(syncId: string, rowKey: string, contentHash: string, op: 'upsert' | 'delete' = 'upsert'): string {
  const input = `${syncId}\u0000${op}\u0000${rowKey}\u0000${contentHash}`;
  const digest = oneShot ? oneShot('sha256', input, 'base64url') : crypto.createHash('sha256').update(input).digest('base64url');
  return digest.slice(0, 32);
}
