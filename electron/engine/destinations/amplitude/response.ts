import { retryAfterMs } from '../http/response';
import { jsonOf, snippet } from '../post';
import { DeliveryError } from '../types';

/** What Amplitude said about one request of events, as the session acts on it. */
export type Verdict =
  | { kind: 'accepted' }
  /** 400 naming events: those are rejected with the reason, the others are sent again. */
  | { kind: 'invalid'; reasons: Map<number, string> }
  /** 429: nothing was stored; the events named are held (or, past the daily quota, rejected), the rest sent again. */
  | { kind: 'throttled'; events: number[] | null; users: string[]; devices: string[]; quotaUsers: string[]; quotaDevices: string[] }
  /** 413: the same events in smaller requests. */
  | { kind: 'too-large' }
  | { kind: 'failed'; error: DeliveryError };

type Body = Record<string, unknown> & { error?: string; missing_field?: string };

const REMEDY_KEY = 'Check the API key in the destination’s settings (Amplitude → Settings → Projects → your project → General → API Key) and its region: an EU project needs the EU region.';

const keysOf = (value: unknown): string[] => (value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : []);
const indexes = (value: unknown): number[] => (Array.isArray(value) ? value.filter((v): v is number => Number.isInteger(v)) : []);

/**
 * The events a 400 names, each with Amplitude's reason: `events_with_invalid_fields` and
 * `events_with_missing_fields` map a field to event indexes, `events_with_invalid_id_lengths`
 * an id field to indexes, `silenced_events` lists indexes.
 */
function namedEvents(body: Body): Map<number, string> {
  const reasons = new Map<number, string>();
  const add = (map: unknown, say: (field: string) => string) => {
    for (const field of keysOf(map)) {
      for (const i of indexes((map as Record<string, unknown>)[field])) if (!reasons.has(i)) reasons.set(i, say(field));
    }
  };
  add(body.events_with_invalid_fields, (field) => `Amplitude refused the value of ${field} (${body.error ?? 'invalid field'})`);
  add(body.events_with_missing_fields, (field) => `Amplitude found ${field} missing (${body.error ?? 'missing field'})`);
  add(body.events_with_invalid_id_lengths, (field) => `Amplitude refused ${field} as too short (${body.error ?? 'invalid id length'}): lower "min id length" in the destination's settings if your ids are short`);
  for (const i of indexes(body.silenced_events)) if (!reasons.has(i)) reasons.set(i, `Amplitude silenced this event's device (${body.error ?? 'silenced device'})`);
  return reasons;
}

/** Pure: Amplitude's answer to a request of `count` events (Batch and HTTP V2 answer alike). */
export function readEventsAnswer(status: number, headers: Record<string, string | string[] | undefined>, text: string, count: number): Verdict {
  if (status >= 200 && status < 300) return { kind: 'accepted' };
  const body = (jsonOf(text) ?? {}) as Body;
  const said = `HTTP ${status}${text ? `: ${snippet(text)}` : ''}`;
  if (status === 400) {
    if (body.error === 'Invalid API key' || body.missing_field === 'api_key') {
      return { kind: 'failed', error: new DeliveryError(`Amplitude refused the API key (${said})`, false, status, null, { remedy: REMEDY_KEY }) };
    }
    const reasons = namedEvents(body);
    for (const i of reasons.keys()) if (i >= count) reasons.delete(i);
    if (reasons.size) return { kind: 'invalid', reasons };
    return { kind: 'failed', error: new DeliveryError(`Amplitude refused the request (${said})`, false, status) };
  }
  if (status === 413) return { kind: 'too-large' };
  if (status === 429) {
    const events = Array.isArray(body.throttled_events) ? indexes(body.throttled_events).filter((i) => i < count) : null;
    const verdict = {
      kind: 'throttled' as const,
      events,
      users: keysOf(body.throttled_users),
      devices: keysOf(body.throttled_devices),
      quotaUsers: keysOf(body.exceeded_daily_quota_users),
      quotaDevices: keysOf(body.exceeded_daily_quota_devices),
    };
    const named = verdict.users.length + verdict.devices.length + verdict.quotaUsers.length + verdict.quotaDevices.length + (events?.length ?? 0);
    if (named) return verdict;
    return { kind: 'failed', error: new DeliveryError(`Amplitude is throttling (${said})`, true, status, retryAfterMs(headers['retry-after'])) };
  }
  // 500, 502, 504: maybe stored, maybe not; 503: not stored. Either way the same insert_ids go again.
  if (status >= 500) return { kind: 'failed', error: new DeliveryError(`Amplitude answered ${said}`, true, status, retryAfterMs(headers['retry-after'])) };
  return { kind: 'failed', error: new DeliveryError(`Amplitude answered ${said}`, false, status) };
}

/** Pure: Amplitude's answer to an identify or group identify request (plain `success` when it worked). */
export function readIdentifyAnswer(status: number, headers: Record<string, string | string[] | undefined>, text: string): { ok: true } | { ok: false; error: DeliveryError } {
  if (status >= 200 && status < 300) return { ok: true };
  const said = `HTTP ${status}${text ? `: ${snippet(text)}` : ''}`;
  if ((status === 400 || status === 401) && /api.?key/i.test(text)) {
    return { ok: false, error: new DeliveryError(`Amplitude refused the API key (${said})`, false, status, null, { remedy: REMEDY_KEY }) };
  }
  const retryable = status === 429 || status >= 500;
  return { ok: false, error: new DeliveryError(`Amplitude answered ${said}`, retryable, status, retryAfterMs(headers['retry-after'])) };
}
