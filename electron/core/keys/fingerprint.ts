import { createHash, type KeyObject } from 'node:crypto';

/** The DER SubjectPublicKeyInfo, base64 on one line: what `ALTER USER … SET RSA_PUBLIC_KEY` takes. */
export function publicKeyBody(publicKey: KeyObject): string {
  return (publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
}

/** `SHA256:<base64>` exactly as Snowflake's `DESC USER` shows RSA_PUBLIC_KEY_FP. */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' }) as Buffer;
  return 'SHA256:' + createHash('sha256').update(der).digest('base64');
}
