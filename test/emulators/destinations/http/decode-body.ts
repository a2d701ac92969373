import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { BatchRejection } from './parse-batch';

const gunzipAsync = promisify(gunzip);

const tooBig = (max: number, actual?: number): BatchRejection => ({
  ok: false,
  status: 413,
  body: {
    error: `decompressed body is larger than ${max} bytes`,
    limit: 'maxBodyBytes',
    max,
    ...(actual === undefined ? {} : { actual }),
  },
});

/**
 * Undoes Content-Encoding. The byte limit applies to the decompressed body (what the real
 * endpoint would have to hold), and gunzip stops at the limit so a gzip bomb costs nothing.
 */
export async function decodeBody(
  raw: Buffer,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<{ ok: true; body: Buffer; gzip: boolean } | BatchRejection> {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') {
    return raw.length > maxBytes ? tooBig(maxBytes, raw.length) : { ok: true, body: raw, gzip: false };
  }
  if (encoding !== 'gzip') {
    return { ok: false, status: 415, body: { error: `unsupported Content-Encoding "${encoding}" (only gzip)` } };
  }
  if (raw.length < 2 || raw[0] !== 0x1f || raw[1] !== 0x8b) {
    return { ok: false, status: 400, body: { error: 'Content-Encoding is gzip but the body is not gzip data' } };
  }
  try {
    return { ok: true, body: await gunzipAsync(raw, { maxOutputLength: maxBytes }), gzip: true };
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return tooBig(maxBytes);
    return { ok: false, status: 400, body: { error: `gzip body is corrupt: ${e instanceof Error ? e.message : String(e)}` } };
  }
}
