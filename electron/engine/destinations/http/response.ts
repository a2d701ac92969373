import type { RecordResult } from '../types';
import { DeliveryError } from '../types';

/** Retry-After: seconds, or an HTTP date. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const ACCEPTED: RecordResult = Object.freeze({ status: 'accepted' as const });

const snippet = (body: string) => body.replace(/\s+/g, ' ').trim().slice(0, 300);

/**
 * Reads the endpoint's answer for a batch of `count` records. 2xx with per-record `results`
 * decides record by record; a plain 2xx accepts them all; 429 and 5xx are retryable; 401 and
 * 403 stop the run (every batch would meet the same refusal, and the rows are not at fault);
 * any other status rejects the batch without retrying.
 */
export function parseHttpResponse(status: number, headers: Record<string, string | string[] | undefined>, body: string, count: number): RecordResult[] {
  if (status === 429 || status >= 500) {
    throw new DeliveryError(`HTTP ${status}${body ? `: ${snippet(body)}` : ''}`, true, status, retryAfterMs(headers['retry-after']));
  }
  if (status === 401 || status === 403) {
    throw new DeliveryError(`The endpoint refused Floe’s credentials (HTTP ${status}${body ? `: ${snippet(body)}` : ''})`, false, status, null, {
      remedy: 'Check the destination’s authentication (Destinations → Edit): the token or user name and password saved for it, and that this endpoint takes them. The rows were not sent; the next run sends them.',
    });
  }
  if (status < 200 || status >= 300) {
    throw new DeliveryError(`HTTP ${status}${body ? `: ${snippet(body)}` : ''}`, false, status);
  }
  let parsed: unknown;
  try {
    parsed = body ? JSON.parse(body) : undefined;
  } catch {
    parsed = undefined;
  }
  const results = (parsed as { results?: unknown } | undefined)?.results;
  if (!Array.isArray(results)) return new Array<RecordResult>(count).fill(ACCEPTED);
  // Results usually come in order, one per record: read them by position, and index them by
  // their `index` field only when they don't.
  const inOrder = results.length === count && results.every((r: { index?: unknown }, i) => r?.index === undefined || r.index === i);
  const byIndex = inOrder ? null : new Map<number, { status?: unknown; error?: unknown }>();
  if (byIndex) results.forEach((r: { index?: unknown; status?: unknown; error?: unknown }, i) => byIndex.set(typeof r.index === 'number' ? r.index : i, r));
  const out = new Array<RecordResult>(count);
  for (let i = 0; i < count; i++) {
    const r = (byIndex ? byIndex.get(i) : results[i]) as { status?: unknown; error?: unknown } | undefined;
    // A record the endpoint does not mention was not acknowledged: offer it again later.
    if (!r) out[i] = { status: 'rejected', reason: 'the endpoint did not report on this record', retryable: true };
    else if (r.status === 'accepted' || r.status === 'duplicate' || r.status === 'ok') out[i] = ACCEPTED;
    else out[i] = { status: 'rejected', reason: typeof r.error === 'string' ? r.error : `the endpoint answered ${String(r.status)}`, retryable: false };
  }
  return out;
}
