import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { FloeError } from '../errors';
import { publicKeyBody, publicKeyFingerprint } from './fingerprint';

export interface KeyMaterial {
  /** PKCS#8 PEM, encrypted (AES-256-CBC) when a passphrase was given. Keychain only. */
  privateKeyPem: string;
  encrypted: boolean;
  publicKey: string;
  fingerprint: string;
  bits: number;
}

export const MIN_RSA_BITS = 2048;
const MAX_PASTE = 16 * 1024;

const describe = (privateKey: KeyObject, privateKeyPem: string, encrypted: boolean): KeyMaterial => {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKeyPem,
    encrypted,
    publicKey: publicKeyBody(publicKey),
    fingerprint: publicKeyFingerprint(publicKey),
    bits: privateKey.asymmetricKeyDetails?.modulusLength ?? 0,
  };
};

/** A new RSA 2048 key pair, as Snowflake's key-pair authentication wants. */
export function generateKeyPair(passphrase?: string): KeyMaterial {
  if (passphrase !== undefined && passphrase.length < 8) {
    throw new FloeError('weak_passphrase', 'The passphrase is shorter than 8 characters.', 'Use a longer passphrase, or none (the key is kept in the OS keychain either way).');
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: MIN_RSA_BITS });
  const pem = privateKey.export(
    passphrase ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase } : { type: 'pkcs8', format: 'pem' },
  ) as string;
  return describe(privateKey, pem, Boolean(passphrase));
}

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/**
 * Rebuilds a PEM that was pasted flattened onto one line, with CRLFs, indentation or stray
 * spaces: the base64 body is re-wrapped at 64 columns between its own BEGIN/END lines.
 * Encrypted PKCS#1 keys carry headers (Proc-Type, DEK-Info) that must keep their own lines.
 */
export function normalisePem(text: string): { label: string; pem: string } | undefined {
  const match = PEM.exec(text.replace(/\r/g, ''));
  if (!match) return undefined;
  const label = match[1]!;
  let body = match[2]!;
  const headers: string[] = [];
  for (const name of ['Proc-Type', 'DEK-Info']) {
    const header = new RegExp(`${name}:\\s*([^\\s]+(?:,[^\\s]+)?)`).exec(body);
    if (header) {
      headers.push(`${name}: ${header[1]}`);
      body = body.replace(header[0], '');
    }
  }
  const base64 = body.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(base64)) return undefined;
  const lines = base64.match(/.{1,64}/g) ?? [];
  const head = headers.length ? headers.join('\n') + '\n\n' : '';
  return { label, pem: `-----BEGIN ${label}-----\n${head}${lines.join('\n')}\n-----END ${label}-----\n` };
}

const importError = (code: string, message: string, remedy: string, cause?: unknown) =>
  new FloeError(code, message, remedy, cause === undefined ? undefined : { cause });

/**
 * Accepts a private key as users have it: a .p8 file or pasted text, PKCS#8 or the older
 * PKCS#1 "RSA PRIVATE KEY", encrypted or not, however its lines were mangled. Returns it as
 * PKCS#8 PEM (still encrypted, with the same passphrase, if it was) with its public half.
 */
export function importPrivateKey(text: string, passphrase?: string): KeyMaterial {
  if (text.length > MAX_PASTE) {
    throw importError('key_too_large', `That is ${Math.round(text.length / 1024)} KB of text; a private key is about 2 KB.`, 'Paste only the key, from -----BEGIN to -----END, or choose the .p8 file itself.');
  }
  const found = normalisePem(text);
  if (!found) {
    throw importError(
      'key_unreadable',
      /-----BEGIN [A-Z ]+-----/.test(text) && !/-----END/.test(text)
        ? 'The key is cut short: its -----END … ----- line is missing.'
        : 'This is not a PEM private key (no -----BEGIN … PRIVATE KEY----- block).',
      'Copy the whole key file, from -----BEGIN to -----END, or choose the .p8 file itself.',
    );
  }
  if (found.label === 'PUBLIC KEY' || found.label === 'RSA PUBLIC KEY') {
    throw importError('key_is_public', 'This is a public key; Floe needs the private key that goes with it.', 'Choose the private key file (usually rsa_key.p8), or let Floe generate a new key pair.');
  }
  if (!/PRIVATE KEY$/.test(found.label)) {
    throw importError('key_unreadable', `This is a "${found.label}", not a private key.`, 'Choose the private key file (usually rsa_key.p8).');
  }
  const encrypted = found.label === 'ENCRYPTED PRIVATE KEY' || found.pem.includes('Proc-Type: 4,ENCRYPTED');
  if (encrypted && !passphrase) {
    throw importError('passphrase_required', 'This private key is encrypted.', 'Enter the passphrase it was created with.');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(encrypted ? { key: found.pem, format: 'pem', passphrase } : { key: found.pem, format: 'pem' });
  } catch (error) {
    if (encrypted) {
      throw importError('wrong_passphrase', 'The passphrase does not open this private key.', 'Check the passphrase (it is case-sensitive) and try again.', error);
    }
    throw importError('key_unreadable', 'The key text is damaged: it could not be decoded.', 'Copy the key again from the original file, from -----BEGIN to -----END.', error);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw importError('key_not_rsa', `This is an ${key.asymmetricKeyType?.toUpperCase()} key; Snowflake key-pair sign-in needs RSA.`, 'Generate an RSA key (Floe can do it for you).');
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw importError('key_too_small', `This RSA key is ${bits} bits; Snowflake needs at least ${MIN_RSA_BITS}.`, 'Generate a new 2048-bit key (Floe can do it for you).');
  }
  const pem = key.export(
    encrypted ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: passphrase! } : { type: 'pkcs8', format: 'pem' },
  ) as string;
  return describe(key, pem, encrypted);
}

/** The unencrypted PKCS#8 PEM a driver signs with, opened in memory only when connecting. */
export function openPrivateKey(privateKeyPem: string, passphrase?: string | null): string {
  try {
    const key = createPrivateKey(passphrase ? { key: privateKeyPem, format: 'pem', passphrase } : privateKeyPem);
    return key.export({ type: 'pkcs8', format: 'pem' }) as string;
  } catch (error) {
    throw importError('wrong_passphrase', 'The stored passphrase no longer opens this private key.', 'Import the key again with its passphrase, or generate a new key pair.', error);
  }
}
