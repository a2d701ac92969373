import { SecretField, type SecretRef } from '../../../shared/schemas';
import type { SecretStore } from '../secrets';

/** Removes every secret an owner may have, so deleting a connection leaves nothing behind. */
export async function clearOwnerSecrets(
  secrets: SecretStore,
  kind: SecretRef['kind'],
  id: string,
): Promise<void> {
  for (const field of SecretField.options) await secrets.clear({ kind, id, field });
}
