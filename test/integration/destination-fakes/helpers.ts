import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { vi } from 'vitest';

// What the destination-fake tests share: the official SDKs' captured requests, a fetch-based
// client that shows status, headers and body as the fake sent them, and a guard that records
// (and refuses) every outbound request that is not for 127.0.0.1.

export interface SdkRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** A copy of shared/specs/official-sdk-requests.json, kept beside these tests so a clone alone runs them. */
export const SDK_REQUESTS_FILE = path.join(__dirname, 'official-sdk-requests.json');

export function sdkRequests(): SdkRequest[] {
  return (JSON.parse(readFileSync(SDK_REQUESTS_FILE, 'utf8')) as { requests: SdkRequest[] }).requests;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or null when it is not JSON. */
  json: Record<string, unknown> | null;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  gzip?: boolean;
}

export async function send(url: string, body: string | Buffer | null, opts: SendOptions = {}): Promise<Reply> {
  let payload = body;
  if (opts.gzip && payload !== null) payload = gzipSync(payload);
  const headers = { ...(opts.gzip ? { 'Content-Encoding': 'gzip' } : {}), ...opts.headers };
  const res = await fetch(url, {
    method: opts.method ?? 'POST',
    headers,
    // DOM's BodyInit wants an ArrayBuffer-backed view; Buffer's may be shared, so copy it.
    body: payload === null ? undefined : typeof payload === 'string' ? payload : new Uint8Array(payload),
  });
  const text = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const postJson = (url: string, body: unknown, opts: SendOptions = {}): Promise<Reply> =>
  send(url, JSON.stringify(body), { ...opts, headers: { 'Content-Type': 'application/json', ...opts.headers } });

export const basicAuth = (key: string): string => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

/**
 * Records the host of every request made through http, https or fetch while it is on, and
 * refuses any that is not for 127.0.0.1 (so an SDK that phones home fails the test instead
 * of reaching the network). Call `restore()` when done.
 */
export function guardLoopback(): { hosts: string[]; restore: () => void } {
  const hosts: string[] = [];
  const check = (host: string) => {
    hosts.push(host);
    if (host !== '127.0.0.1') throw new Error(`refused an outbound request to ${host}: tests talk to 127.0.0.1 only`);
  };
  const hostOf = (args: unknown[]): string => {
    const [first, second] = args;
    if (typeof first === 'string' || first instanceof URL) return new URL(first).hostname;
    const o = (first ?? second) as { hostname?: string; host?: string };
    return o.hostname ?? o.host ?? 'localhost';
  };
  const spies = [
    ...([http, https] as const).flatMap((mod) =>
      (['request', 'get'] as const).map((name) => {
        const original = mod[name].bind(mod) as (...a: unknown[]) => http.ClientRequest;
        return vi.spyOn(mod, name).mockImplementation(((...args: unknown[]) => {
          check(hostOf(args));
          return original(...args);
        }) as typeof mod.request);
      }),
    ),
    (() => {
      const original = globalThis.fetch.bind(globalThis);
      // async, so a refusal is a rejected promise as a network failure would be.
      return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
        check(new URL(input instanceof Request ? input.url : input).hostname);
        return original(input, init);
      });
    })(),
  ];
  return { hosts, restore: () => spies.forEach((s) => s.mockRestore()) };
}

export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
