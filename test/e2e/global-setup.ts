import { ensureKeychain } from '../helpers/keychain-session';

// The end-to-end tests save secrets in the real keychain: start with one that answers (see keychain-session.ts).
export default function globalSetup(): void {
  ensureKeychain();
}
