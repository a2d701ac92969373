import { SecretName, type SecretField, type SecretRef } from '../../../shared/schemas';
import type { SecretStore } from '../secrets';

/**
 * Removes every secret an owner may have, so deleting a connection leaves nothing behind: each
 * secret by name, and the fields only its settings know (a destination's secret headers).
 */
export async function clearOwnerSecrets(
  secrets: SecretStore,
  kind: SecretRef['kind'],
  id: string,
  also: readonly SecretField[] = [],
): Promise<void> {
  for (const field of new Set<SecretField>([...SecretName.options, ...also])) await secrets.clear({ kind, id, field });
}
