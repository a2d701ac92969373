import type { KeyInfo } from '../../../shared/schemas';
import { FloeError } from '../errors';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets';
import type { Store } from '../store';
import { generateKeyPair, importPrivateKey, openPrivateKey, type KeyMaterial } from './key-pair';

/**
 * Key pairs: the public half and fingerprint in SQLite, the private key (and its passphrase, if
 * it has one) in the keychain under `key:<id>:privateKey` / `key:<id>:passphrase`.
 */
export class KeyStore {
  constructor(
    private readonly store: Store,
    private readonly secrets: SecretStore,
    private readonly log: Logger,
  ) {}

  list(): KeyInfo[] {
    return this.store.keys.list();
  }

  get(id: string): KeyInfo {
    const key = this.store.keys.get(id);
    if (!key) throw new FloeError('key_not_found', 'That key pair no longer exists.', 'Generate or import a key pair again.');
    return key;
  }

  generate(name: string, passphrase?: string): Promise<KeyInfo> {
    return this.save(name, generateKeyPair(passphrase), passphrase);
  }

  import(name: string, text: string, passphrase?: string): Promise<KeyInfo> {
    return this.save(name, importPrivateKey(text, passphrase), passphrase);
  }

  private async save(name: string, material: KeyMaterial, passphrase?: string): Promise<KeyInfo> {
    const key = this.store.keys.create({ name, publicKey: material.publicKey, fingerprint: material.fingerprint, encrypted: material.encrypted });
    try {
      await this.secrets.set({ kind: 'key', id: key.id, field: 'privateKey' }, material.privateKeyPem);
      if (material.encrypted && passphrase) await this.secrets.set({ kind: 'key', id: key.id, field: 'passphrase' }, passphrase);
    } catch (error) {
      // Without its private key the row is useless: take it back out.
      this.store.keys.delete(key.id);
      await this.secrets.clear({ kind: 'key', id: key.id, field: 'privateKey' }).catch(() => false);
      throw error;
    }
    this.log.info('key.saved', { id: key.id, fingerprint: key.fingerprint, encrypted: key.encrypted });
    return key;
  }

  /** The opened private key, for a driver to sign with; it never leaves core. */
  async privateKey(id: string): Promise<{ privateKey: string; fingerprint: string }> {
    const key = this.get(id);
    const pem = await this.secrets.get({ kind: 'key', id, field: 'privateKey' });
    if (!pem) {
      throw new FloeError(
        'key_missing',
        `The private key of "${key.name}" is not in the keychain.`,
        'The keychain entry was removed. Generate a new key pair and rotate the connection to it.',
      );
    }
    const passphrase = key.encrypted ? await this.secrets.get({ kind: 'key', id, field: 'passphrase' }) : null;
    return { privateKey: openPrivateKey(pem, passphrase), fingerprint: key.fingerprint };
  }

  async delete(id: string): Promise<boolean> {
    const users = this.store.connections.usingKey(id);
    if (users.length > 0) {
      throw new FloeError(
        'in_use',
        `This key pair is used by ${users.map((c) => `"${c.name}"`).join(', ')}.`,
        'Rotate those connections to another key, or delete them, first.',
      );
    }
    await this.secrets.clear({ kind: 'key', id, field: 'privateKey' });
    await this.secrets.clear({ kind: 'key', id, field: 'passphrase' });
    return this.store.keys.delete(id);
  }
}
