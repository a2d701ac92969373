import { createCore, type Core } from '../../electron/core/core';
import type { SecretStore } from '../../electron/core/secrets';
import { MemorySecrets } from './memory-secrets';

/** A real core on a real SQLite file in `home`; secrets in memory unless a store is given. */
export function testCore(home: string, secrets: SecretStore = new MemorySecrets()): Core {
  return createCore({ home, mode: 'headless', secrets });
}
