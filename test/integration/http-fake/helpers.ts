import { gzipSync } from 'node:zlib';
import type { HttpFakeHandle } from '../../emulators/destinations/http';

// A minimal client for the fake: node's global fetch, one call per batch.

export interface PostOptions {
  format?: 'json' | 'ndjson';
  gzip?: boolean;
  headers?: Record<string, string>;
  /** Overrides the serialised body (for malformed input). */
  body?: Buffer | string;
  signal?: AbortSignal;
}

export interface PostResult {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

export function serialise(records: unknown[], format: 'json' | 'ndjson'): string {
  return format === 'json' ? JSON.stringify(records) : records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export async function post(target: HttpFakeHandle | string, records: unknown[], opts: PostOptions = {}): Promise<PostResult> {
  const format = opts.format ?? 'json';
  let body: Buffer | string = opts.body ?? serialise(records, format);
  if (opts.gzip) body = gzipSync(body);
  const headers: Record<string, string> = {
    'Content-Type': format === 'json' ? 'application/json' : 'application/x-ndjson',
    ...(opts.gzip ? { 'Content-Encoding': 'gzip' } : {}),
    ...opts.headers,
  };
  const url = typeof target === 'string' ? target : target.url;
  // DOM's BodyInit wants an ArrayBuffer-backed view; Buffer's may be shared, so copy it.
  const payload = typeof body === 'string' ? body : new Uint8Array(body);
  const res = await fetch(url, { method: 'POST', headers, body: payload, signal: opts.signal });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export const rows = (n: number, prefix = 'r'): Record<string, unknown>[] =>
  Array.from({ length: n }, (_, i) => ({ _floe_id: `${prefix}-${i}`, n: i }));

export async function admin(fake: HttpFakeHandle, method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(new URL(`/__fake/${route}`, fake.url), {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
