import { secretAccount, type KeychainInfo, type SecretRef } from '../../shared/schemas';
import type { SecretStore } from '../../electron/core/secrets';

/**
 * For unit tests of code that only passes secrets along. Anything about where secrets are kept
 * is tested against the real OS keychain in test/integration.
 */
export class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async info(): Promise<KeychainInfo> {
    return { backend: 'memory (tests)', available: true, problem: null };
  }
  async set(ref: SecretRef, value: string) {
    this.values.set(secretAccount(ref), value);
  }
  async get(ref: SecretRef) {
    return this.values.get(secretAccount(ref)) ?? null;
  }
  async has(ref: SecretRef) {
    return this.values.has(secretAccount(ref));
  }
  async clear(ref: SecretRef) {
    return this.values.delete(secretAccount(ref));
  }
}
