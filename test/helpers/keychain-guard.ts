import { beforeAll } from 'vitest';
import { ensureKeychain } from './keychain-session';

// Integration tests use the real keychain: each file starts with one that answers (see keychain-session.ts).
beforeAll(() => {
  ensureKeychain();
});
