import { createHash, createPublicKey, verify } from 'node:crypto';

// Key-pair login checks (wire spec §3, destinations §5.5). Pure apart from crypto.

export type JwtCheck = { ok: true; keySlot: 1 | 2 } | { ok: false; reason: string };

// Accepts the body of RSA_PUBLIC_KEY as users paste it: bare base64, or a whole PEM block.
export function normalizePublicKeyBody(value: string): string {
  return value
    .replace(/-----(BEGIN|END)[A-Z ]+-----/g, '')
    .replace(/\s+/g, '');
}

export function publicKeyFingerprint(base64Der: string): string {
  const der = Buffer.from(normalizePublicKeyBody(base64Der), 'base64');
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

export function isValidPublicKey(base64Der: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(normalizePublicKeyBody(base64Der), 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048;
  } catch {
    return false;
  }
}

function b64urlJson(part: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// The Node driver sends iat/exp in milliseconds; other clients use seconds.
export function toEpochMs(v: unknown): number | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  return v > 1e12 ? v : v * 1000;
}

export interface JwtInput {
  token: string;
  account: string;
  user: string;
  keys: ReadonlyArray<string | null>;
  nowMs: number;
  maxAgeMs?: number;
}

export function checkLoginJwt(input: JwtInput): JwtCheck {
  const parts = input.token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
  const [h, p, s] = parts as [string, string, string];
  const header = b64urlJson(h);
  const payload = b64urlJson(p);
  if (!header || !payload) return { ok: false, reason: 'undecodable token' };
  if (header.alg !== 'RS256') return { ok: false, reason: `unsupported alg ${String(header.alg)}` };
  const prefix = `${input.account.toUpperCase()}.${input.user.toUpperCase()}`;
  if (payload.sub !== prefix) return { ok: false, reason: 'sub mismatch' };
  const iss = typeof payload.iss === 'string' ? payload.iss : '';
  if (!iss.startsWith(`${prefix}.SHA256:`)) return { ok: false, reason: 'iss mismatch' };
  const fp = iss.slice(prefix.length + 1);
  const exp = toEpochMs(payload.exp);
  const iat = toEpochMs(payload.iat);
  if (exp === null || iat === null) return { ok: false, reason: 'missing iat/exp' };
  if (exp < input.nowMs) return { ok: false, reason: 'token expired' };
  if (iat > input.nowMs + 60_000) return { ok: false, reason: 'issued in the future' };
  if (input.nowMs - iat > (input.maxAgeMs ?? 3_600_000)) return { ok: false, reason: 'token too old' };
  const slot = input.keys.findIndex((k) => k !== null && publicKeyFingerprint(k) === fp);
  if (slot < 0) return { ok: false, reason: input.keys.some((k) => k) ? 'fingerprint does not match a registered key' : 'no key registered' };
  const key = createPublicKey({ key: Buffer.from(normalizePublicKeyBody(input.keys[slot]!), 'base64'), format: 'der', type: 'spki' });
  const good = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'));
  return good ? { ok: true, keySlot: slot === 0 ? 1 : 2 } : { ok: false, reason: 'bad signature' };
}
