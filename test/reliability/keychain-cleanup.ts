import Database from 'better-sqlite3';
import { Keychain } from '../../electron/core/secrets';
import { secretFieldsOf } from '../../shared/destinations';
import { SecretName, type DestinationKind, type SecretRef } from '../../shared/schemas';

/**
 * Removes from the real keychain (service Floe) every secret the rows of a test's floe.db may
 * own: what the built CLI or `floe serve` stored for a test is not left behind in the keyring.
 */
export async function clearKeychainOf(dbFile: string): Promise<void> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  const refs: SecretRef[] = [];
  try {
    for (const id of db.prepare('SELECT id FROM connections').pluck().all() as string[]) for (const field of SecretName.options) refs.push({ kind: 'connection', id, field });
    for (const id of db.prepare('SELECT id FROM keys').pluck().all() as string[]) for (const field of SecretName.options) refs.push({ kind: 'key', id, field });
    for (const row of db.prepare('SELECT id, kind, settings_json AS settings FROM destinations').all() as Array<{ id: string; kind: DestinationKind; settings: string }>) {
      for (const field of new Set([...SecretName.options, ...secretFieldsOf(row.kind, JSON.parse(row.settings))])) refs.push({ kind: 'destination', id: row.id, field });
    }
  } finally {
    db.close();
  }
  const keychain = new Keychain();
  for (const ref of refs) await keychain.clear(ref).catch(() => undefined);
}
