import { canonicalJson, sha256 } from './canonical';

/** What the engine knows of a row it may send: its key, its JSON and one digest of both. */
export interface RowIdentity {
  /** The primary key, or the digest for syncs without one. */
  rowKey: string;
  /** The payload as canonical JSON: hashed here, then reused by the encoders. */
  text: string;
  /**
   * One digest of the sync, the key and the content (32 base64url characters). It is both the
   * snapshot hash a diff compares (the sync and key are the same on both sides, so it changes
   * exactly when the content does) and the idempotency key the destination deduplicates on
   * (Amplitude insert_id, Segment messageId, CluedIn externalId, …): a run repeated after a
   * crash sends the same keys, a changed row gets a new one. One hash per row, not two.
   */
  digest: string;
}

/** What a row's digest covers before its canonical JSON. */
export function digestPrefix(syncId: string, primaryKey: string | null): string {
  return `${syncId}\u0000upsert\u0000${primaryKey ?? ''}\u0000`;
}

/** The 32-character digest rows and deletes are keyed by: SHA-256 of a text, or of its UTF-8 bytes (the same digest). */
export function digestOf(input: string | Uint8Array): string {
  return sha256(input).slice(0, 32);
}

export function identifyRow(syncId: string, primaryKey: string | null, payload: Record<string, unknown>): RowIdentity {
  const text = canonicalJson(payload);
  const digest = digestOf(digestPrefix(syncId, primaryKey) + text);
  return { rowKey: primaryKey ?? digest, text, digest };
}

/** The idempotency key of a delete: the sync, the key and the hash the snapshot last held. */
export function deleteKey(syncId: string, rowKey: string, lastHash: string): string {
  return digestOf(`${syncId}\u0000delete\u0000${rowKey}\u0000${lastHash}`);
}
