import { createHash } from 'node:crypto';

/**
 * The key a destination deduplicates on (Amplitude insert_id, Segment messageId, CluedIn
 * externalId, …). Derived from the sync, the row and what is sent, so a run repeated after a
 * crash sends the same keys and is deduplicated, while a changed row gets a new one.
 */
export function idempotencyKey(syncId: string, rowKey: string, contentHash: string, op: 'upsert' | 'delete' = 'upsert'): string {
  return createHash('sha256').update(`${syncId}\u0000${op}\u0000${rowKey}\u0000${contentHash}`).digest('base64url').slice(0, 32);
}
