import { randomUUID } from 'node:crypto';
import type { KeyInfo } from '../../../shared/schemas';
import { FloeError } from '../errors';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets';
import type { Store } from '../store';
import { generateKeyPair, importPrivateKey, openPrivateKey, type KeyMaterial } from './key-pair';

/** A key pair made for a connection not saved yet: in this process's memory only. */
interface DraftKey {
  info: KeyInfo;
  material: KeyMaterial;
  passphrase: string | undefined;
}

/**
 * A setup wizard left open while an admin runs its SQL keeps its draft key for a day; after that
 * (or when Floe quits) the key is gone, never having touched the keychain.
 */
const DRAFT_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Key pairs: the public half and fingerprint in SQLite, the private key (and its passphrase, if
 * it has one) in the keychain under `key:<id>:privateKey` / `key:<id>:passphrase`. A draft key
 * (`{ draft: true }`, for a connection being set up) lives in memory until the connection that
 * uses it is saved, so closing the setup half-way leaves nothing behind.
 */
export class KeyStore {
  private readonly drafts = new Map<string, DraftKey>();

  constructor(
    private readonly store: Store,
    private readonly secrets: SecretStore,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Saved key pairs; drafts are not listed. */
  list(): KeyInfo[] {
    return this.store.keys.list();
  }

  get(id: string): KeyInfo {
    const key = this.store.keys.get(id) ?? this.draft(id)?.info;
    if (!key) throw new FloeError('key_not_found', 'That key pair no longer exists.', 'Generate or import a key pair again.');
    return key;
  }

  isDraft(id: string): boolean {
    return this.draft(id) !== undefined;
  }

  generate(name: string, passphrase?: string, options: { draft?: boolean } = {}): Promise<KeyInfo> {
    const material = generateKeyPair(passphrase);
    return options.draft ? Promise.resolve(this.hold(name, material, passphrase)) : this.save(name, material, passphrase);
  }

  import(name: string, text: string, passphrase?: string, options: { draft?: boolean } = {}): Promise<KeyInfo> {
    const material = importPrivateKey(text, passphrase);
    return options.draft ? Promise.resolve(this.hold(name, material, passphrase)) : this.save(name, material, passphrase);
  }

  private draft(id: string): DraftKey | undefined {
    const draft = this.drafts.get(id);
    if (draft && this.now().getTime() - Date.parse(draft.info.createdAt) > DRAFT_KEY_LIFETIME_MS) {
      this.drafts.delete(id);
      return undefined;
    }
    return draft;
  }

  private hold(name: string, material: KeyMaterial, passphrase?: string): KeyInfo {
    for (const id of [...this.drafts.keys()]) this.draft(id); // drops the expired ones
    const info: KeyInfo = {
      id: randomUUID(),
      name,
      publicKey: material.publicKey,
      fingerprint: material.fingerprint,
      encrypted: material.encrypted,
      createdAt: this.now().toISOString(),
    };
    this.drafts.set(info.id, { info, material, passphrase: material.encrypted ? passphrase : undefined });
    this.log.info('key.drafted', { id: info.id, fingerprint: info.fingerprint, encrypted: info.encrypted });
    return info;
  }

  /**
   * Saves a draft key with what uses it: the private key goes to the keychain, then its row and
   * `use` (the connection's row) commit in one transaction. If either fails the keychain entry
   * is taken back out and the key stays a draft, so the user can correct and save again.
   */
  async keepDraft<T>(id: string, use: () => T): Promise<T> {
    const draft = this.draft(id);
    if (!draft) throw new FloeError('key_not_found', 'That key pair no longer exists.', 'Generate or import a key pair again.');
    const refs = [{ kind: 'key' as const, id, field: 'privateKey' as const }, { kind: 'key' as const, id, field: 'passphrase' as const }];
    try {
      await this.secrets.set(refs[0]!, draft.material.privateKeyPem);
      if (draft.passphrase) await this.secrets.set(refs[1]!, draft.passphrase);
      const result = this.store.db.transaction(() => {
        this.store.keys.create({ ...draft.info }, new Date(draft.info.createdAt));
        return use();
      })();
      this.drafts.delete(id);
      this.log.info('key.saved', { id, fingerprint: draft.info.fingerprint, encrypted: draft.info.encrypted });
      return result;
    } catch (error) {
      for (const ref of refs) await this.secrets.clear(ref).catch(() => false);
      throw error;
    }
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
    const draft = this.draft(id);
    if (draft) return { privateKey: openPrivateKey(draft.material.privateKeyPem, draft.passphrase ?? null), fingerprint: draft.info.fingerprint };
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
    if (this.drafts.delete(id)) return true;
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
