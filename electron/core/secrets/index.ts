export { Keychain, keychainBackendName, keychainRemedy } from './keychain';
export type { SecretStore } from './secret-store';
