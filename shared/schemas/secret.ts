import { z } from 'zod';

/** What a secret belongs to. The keychain account is `<kind>:<id>:<field>` under service `Floe`. */
export const SecretOwnerKind = z.enum(['connection', 'destination', 'key']);

/** The secrets an owner has by name, one each: a connection's password, a destination's token… */
export const SecretName = z.enum([
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
export type SecretName = z.infer<typeof SecretName>;

/** An HTTP header name (RFC 9110 token): letters, digits and !#$%&'*+-.^_`|~. */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/** The value of an HTTP destination's secret header, by the header's name as its settings spell it. */
export type HeaderSecretField = `header:${string}`;
const HeaderSecretField = z.custom<HeaderSecretField>(
  (v) => typeof v === 'string' && v.startsWith('header:') && HEADER_NAME.test(v.slice('header:'.length)),
  'A secret header’s field is “header:” and a header name (letters, digits, - and _).',
);

/** Which secret of its owner a keychain entry holds: one by name, or a secret header's value. */
export const SecretField = z.union([SecretName, HeaderSecretField]);
export type SecretField = SecretName | HeaderSecretField;

/** The keychain field holding a secret header's value. */
export const headerSecretField = (name: string): HeaderSecretField => `header:${name}`;

/** The header a secret field holds the value of, or null for a secret by name. */
export const secretHeaderName = (field: SecretField): string | null => (field.startsWith('header:') ? field.slice('header:'.length) : null);

/** A secret field in words for messages: "token", "secret header X-Api-Key". */
export const secretLabel = (field: SecretField): string => {
  const header = secretHeaderName(field);
  return header === null ? field : `secret header ${header}`;
};

/** What is shown in place of a secret. */
export const SECRET_MASK = '••••••';

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
