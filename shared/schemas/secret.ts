import { z } from 'zod';

/** What a secret belongs to. The keychain account is `<kind>:<id>:<field>` under service `Floe`. */
export const SecretOwnerKind = z.enum(['connection', 'destination', 'key']);

export const SecretField = z.enum([
  'password',
  'privateKey',
  'passphrase',
  'apiKey',
  'secretKey',
  'token',
  'basicAuth',
  /** CleverTap's account passcode (X-CleverTap-Passcode). */
  'passcode',
]);
export type SecretField = z.infer<typeof SecretField>;

export const SecretRef = z.object({
  kind: SecretOwnerKind,
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'Secret owner ids are letters, digits, - and _ only.'),
  field: SecretField,
});
export type SecretRef = z.infer<typeof SecretRef>;

export const SECRET_SERVICE = 'Floe';

export function secretAccount(ref: SecretRef): string {
  return `${ref.kind}:${ref.id}:${ref.field}`;
}

/** Secrets are bounded so a mistaken paste of a whole file can't flood the keychain. */
export const SecretValue = z
  .string()
  .min(1, 'The secret is empty.')
  .max(64 * 1024, 'That secret is over 64 KB; paste only the key or token itself.');
