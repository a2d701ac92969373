import { createHash, createPublicKey, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, importPrivateKey, normalisePem, openPrivateKey } from '../../../electron/core/keys/key-pair';

// One key for the whole file: RSA generation is the slow part.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const encryptedPkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'des-ede3-cbc', passphrase: 'open sesame' }) as string;
const encryptedPkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'open sesame' }) as string;
const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string;

/** Fingerprint computed straight from the PEM text, independently of Floe's code. */
const expectedFingerprint = 'SHA256:' + createHash('sha256').update(Buffer.from(publicPem.replace(/-----[^-]+-----|\s/g, ''), 'base64')).digest('base64');
const expectedBody = publicPem.replace(/-----[^-]+-----|\s/g, '');

describe('generateKeyPair', () => {
  it('makes an RSA 2048 PKCS#8 key with its RSA_PUBLIC_KEY body and Snowflake fingerprint', () => {
    const key = generateKeyPair();
    expect(key.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(key.bits).toBe(2048);
    expect(key.encrypted).toBe(false);
    expect(key.publicKey).toMatch(/^MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA[A-Za-z0-9+/]+={0,2}$/);
    expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}=$/);
    const recomputed = 'SHA256:' + createHash('sha256').update(Buffer.from(key.publicKey, 'base64')).digest('base64');
    expect(key.fingerprint).toBe(recomputed);
  });

  it('encrypts the private key when given a passphrase, and the pair still matches', () => {
    const key = generateKeyPair('correct horse');
    expect(key.privateKeyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(key.encrypted).toBe(true);
    const opened = openPrivateKey(key.privateKeyPem, 'correct horse');
    const secret = publicEncrypt(createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'spki' }), Buffer.from('hi'));
    expect(privateDecrypt(opened, secret).toString()).toBe('hi');
  });

  it('refuses a passphrase too short to protect anything', () => {
    expect(() => generateKeyPair('abc')).toThrow(/shorter than 8/);
  });
});

describe('importPrivateKey', () => {
  const flattened = (pem: string) => pem.replace(/\n/g, ' ');
  it.each([
    ['PKCS#8 as saved', pkcs8, undefined],
    ['PKCS#8 flattened onto one line', flattened(pkcs8), undefined],
    ['PKCS#8 with CRLF line ends', pkcs8.replace(/\n/g, '\r\n'), undefined],
    ['PKCS#8 with indentation and text around it', `Here is my key:\n    ${pkcs8.replace(/\n/g, '\n    ')}\nthanks`, undefined],
    ['PKCS#8 with no line breaks at all', pkcs8.replace(/\n/g, ''), undefined],
    ['PKCS#1 (openssl genrsa)', pkcs1, undefined],
    ['encrypted PKCS#8', encryptedPkcs8, 'open sesame'],
    ['encrypted PKCS#8 flattened', flattened(encryptedPkcs8), 'open sesame'],
    ['encrypted PKCS#1 with DEK-Info headers, flattened', flattened(encryptedPkcs1), 'open sesame'],
  ])('reads %s', (_label, text, passphrase) => {
    const key = importPrivateKey(text, passphrase);
    expect(key.fingerprint).toBe(expectedFingerprint);
    expect(key.publicKey).toBe(expectedBody);
    expect(key.encrypted).toBe(passphrase !== undefined);
    expect(key.privateKeyPem).toMatch(passphrase ? /^-----BEGIN ENCRYPTED PRIVATE KEY-----/ : /^-----BEGIN PRIVATE KEY-----/);
    // The stored key opens with the same passphrase and is the same key.
    const opened = openPrivateKey(key.privateKeyPem, passphrase);
    expect(createPublicKey(opened).export({ type: 'spki', format: 'pem' })).toBe(publicPem);
  });

  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const lines = pkcs8.trim().split('\n');
  const truncated = lines.slice(0, 10).join('\n');
  const damaged = [...lines.slice(0, 5), lines[5]!.slice(0, 30) + '!!!' + lines[5]!.slice(33), ...lines.slice(6)].join('\n');
  const cutMiddle = [...lines.slice(0, 8), ...lines.slice(-1)].join('\n');

  it.each([
    ['a truncated PEM (no END line)', truncated, undefined, 'key_unreadable', /cut short/],
    ['a PEM with lines missing', cutMiddle, undefined, 'key_unreadable', /damaged/],
    ['a PEM with damaged characters', damaged, undefined, 'key_unreadable', /not a PEM private key|damaged/],
    ['a public key pasted as the private key', publicPem, undefined, 'key_is_public', /public key/],
    ['an encrypted key without its passphrase', encryptedPkcs8, undefined, 'passphrase_required', /encrypted/],
    ['an encrypted key with the wrong passphrase', encryptedPkcs8, 'open sesame!', 'wrong_passphrase', /does not open/],
    ['an EC key', ec, undefined, 'key_not_rsa', /needs RSA/],
    ['a 1024-bit RSA key', small, undefined, 'key_too_small', /1024 bits/],
    ['a certificate', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', undefined, 'key_unreadable', /CERTIFICATE/],
    ['plain text', 'my password is hunter2', undefined, 'key_unreadable', /not a PEM/],
    ['an empty paste', '', undefined, 'key_unreadable', /not a PEM/],
    ['a 50 KB paste', 'A'.repeat(50 * 1024), undefined, 'key_too_large', /50 KB/],
  ])('refuses %s, saying what to do', (_label, text, passphrase, code, message) => {
    let error: { code?: string; message?: string; remedy?: string } | undefined;
    try {
      importPrivateKey(text, passphrase);
    } catch (e) {
      error = e as typeof error;
    }
    expect(error?.code).toBe(code);
    expect(error?.message).toMatch(message);
    expect(error?.remedy).toBeTruthy();
    // An error never echoes the key material back.
    expect(`${error?.message} ${error?.remedy}`).not.toContain(lines[3]!.slice(0, 20));
  });
});

describe('normalisePem', () => {
  it('re-wraps the body at 64 columns between its own BEGIN and END lines', () => {
    const one = normalisePem(pkcs8.replace(/\n/g, ' '))!;
    expect(one.label).toBe('PRIVATE KEY');
    expect(one.pem).toBe(pkcs8);
  });
});
