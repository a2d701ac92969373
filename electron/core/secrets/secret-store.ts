import type { KeychainInfo, SecretRef } from '../../../shared/schemas';

/**
 * Where secrets live. `get` exists for core only (to hand a secret to a Snowflake connection or
 * a destination call); no IPC channel reaches it.
 */
export interface SecretStore {
  info(): Promise<KeychainInfo>;
  set(ref: SecretRef, value: string): Promise<void>;
  get(ref: SecretRef): Promise<string | null>;
  has(ref: SecretRef): Promise<boolean>;
  clear(ref: SecretRef): Promise<boolean>;
}
