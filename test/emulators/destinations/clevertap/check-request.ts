import type { IncomingHttpHeaders } from 'node:http';
import type { Answer } from '../amplitude/server-shell';
import { MAX_RECORDS } from './check-records';
import { REGIONS, type Region } from './types';

// The Upload API's request-level contract (destinations.md §3.1–3.4), pure: credentials and
// region, then the body. What fails here fails the whole call with
// `{"status":"fail","error":…,"code":<status>}`, the shape of CleverTap's recorded 401.

/** destinations.md §3.4, recorded: the answer to any bad credential, and to a wrong region. */
export const INVALID_ACCOUNT = 'Account ID is not valid';
/** CleverTap's words for its concurrency 429 (api-request-limit page). */
export const TOO_MANY_CONCURRENT = 'Too many concurrent requests';
/** §3.4: at most 15 upload requests in flight per account (an older page said 3). */
export const DEFAULT_MAX_CONCURRENT = 15;

export const fail = (status: number, error: string, headers?: Record<string, string>): Answer => ({ status, json: { status: 'fail', error, code: status }, ...(headers ? { headers } : {}) });

const API_HOST = 'api.clevertap.com';

/**
 * The region a request was addressed to, from its Host: `api.clevertap.com` is Europe (eu1),
 * `<region>.api.clevertap.com` that region (an unknown prefix is returned as it is, so it matches
 * no account). Any other host (the fake's own 127.0.0.1:PORT) is the region the fake stands in for.
 */
export function regionOf(host: string | undefined, own: Region): string {
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  if (name === API_HOST) return 'eu1';
  if (name.endsWith(`.${API_HOST}`)) return name.slice(0, -API_HOST.length - 1);
  return own;
}

export const isRegion = (r: string): r is Region => (REGIONS as readonly string[]).includes(r);

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export interface AccountEntry {
  passcode: string;
  region: Region;
}

/** Why the credentials are refused (for the request log; the answer is always the same 401), or null. */
export function credentialProblem(headers: IncomingHttpHeaders, accounts: ReadonlyMap<string, AccountEntry>, region: string): string | null {
  const id = header(headers, 'x-clevertap-account-id');
  const passcode = header(headers, 'x-clevertap-passcode');
  if (!id) return 'no X-CleverTap-Account-Id header';
  const account = accounts.get(id);
  if (!account) return `no account ${JSON.stringify(id)}`;
  if (!passcode) return 'no X-CleverTap-Passcode header';
  if (passcode !== account.passcode) return `wrong passcode for account ${JSON.stringify(id)}`;
  if (region !== account.region) return `account ${JSON.stringify(id)} is in region ${account.region}, the request went to ${region}`;
  return null;
}

/** Content-Type `application/json`, with no charset or UTF-8; else the reason. */
export function contentTypeProblem(contentType: string | undefined): string | null {
  const [media = '', ...params] = (contentType ?? '').split(';').map((p) => p.trim().toLowerCase());
  if (media !== 'application/json') return `Content-Type must be application/json, got ${JSON.stringify(contentType ?? '')}`;
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return `the body must be UTF-8 JSON, got charset ${charset}`;
  return null;
}

export type BodyCheck = { ok: true; records: unknown[] } | { ok: false; error: string; count: number };

/** `{"d":[…]}` with 1 to `maxRecords` records; what each record holds is judged one by one later. */
export function parseUploadBody(text: string, maxRecords = MAX_RECORDS): BodyCheck {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Invalid JSON: ${e instanceof Error ? e.message : String(e)}`, count: 0 };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, error: 'The body must be a JSON object {"d":[…]}', count: 0 };
  const d = (body as { d?: unknown }).d;
  if (!Array.isArray(d)) return { ok: false, error: "'d' is required: an array of event and profile records", count: 0 };
  if (d.length === 0) return { ok: false, error: "'d' is empty: send at least one record", count: 0 };
  if (d.length > maxRecords) return { ok: false, error: `Too many records: ${d.length} in one request, at most ${maxRecords}`, count: d.length };
  return { ok: true, records: d };
}
