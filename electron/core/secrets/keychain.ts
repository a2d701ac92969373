import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { SECRET_SERVICE, secretAccount, type KeychainInfo, type SecretRef } from '../../../shared/schemas';
import { FloeError } from '../errors';
import type { SecretStore } from './secret-store';

export function keychainBackendName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (GNOME Keyring, KWallet or compatible)';
}

export function keychainRemedy(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'Unlock your login keychain in Keychain Access, then try again.';
  if (platform === 'win32') return 'Sign in to Windows with your own account so Credential Manager is available, then try again.';
  return (
    'Start and unlock a Secret Service keyring (for example gnome-keyring-daemon, or KWallet with its ' +
    'Secret Service interface) in your desktop session, then restart Floe. Floe will not store secrets in plain files.'
  );
}

// On Linux the library would otherwise fall back to the kernel keyring, which forgets everything
// at reboot: a silent, lossy fallback. Pinning to the Secret Service makes its absence an error.
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

function unavailable(error: unknown): FloeError {
  const detail = error instanceof Error ? error.message : String(error);
  return new FloeError(
    'keychain_unavailable',
    `Floe could not reach the OS keychain (${keychainBackendName()}): ${detail}.`,
    keychainRemedy(),
    { cause: error },
  );
}

/** The OS keychain, service "Floe", account `<kind>:<id>:<field>`. */
export class Keychain implements SecretStore {
  constructor(private readonly service: string = SECRET_SERVICE) {}

  private entry(ref: SecretRef): AsyncEntry {
    return new AsyncEntry(this.service, secretAccount(ref), ENTRY_OPTIONS);
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw unavailable(error);
    }
  }

  async info(): Promise<KeychainInfo> {
    const backend = keychainBackendName();
    // A read of an entry that never exists proves the store answers without writing anything.
    try {
      await new AsyncEntry(this.service, 'probe:availability:check', ENTRY_OPTIONS).getPassword();
      return { backend, available: true, problem: null };
    } catch (error) {
      const problem = unavailable(error);
      return { backend, available: false, problem: `${problem.message} ${problem.remedy}` };
    }
  }

  set(ref: SecretRef, value: string): Promise<void> {
    return this.guard(() => this.entry(ref).setPassword(value));
  }

  get(ref: SecretRef): Promise<string | null> {
    return this.guard(() => this.entry(ref).getPassword());
  }

  async has(ref: SecretRef): Promise<boolean> {
    return (await this.get(ref)) !== null;
  }

  clear(ref: SecretRef): Promise<boolean> {
    return this.guard(() => this.entry(ref).deletePassword());
  }
}
