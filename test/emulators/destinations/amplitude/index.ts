import type { FailStatus, FaultSnapshot, StormSettings } from '../http/faults';
import { AmplitudeServer } from './server';
import type { ThrottleSnapshot } from './throttles';
import type { AmplitudeStats, EpsLimits, IdSets, InvalidWhen, RequestLogEntry, StoredEvent, StoredIdentify } from './types';

export { DEFAULT_MIN_ID_LENGTH, ERRORS, INVALID_IDS, MAX_EVENTS, checkEvents, checkEventsBody } from './check-events';
export { MAX_GROUP_IDENTIFIES, checkIdentify } from './check-identify';
export { DEDUP_TTL_MS } from './event-store';
export { MAX_BYTES } from './server';
export { DAILY_QUOTA, DOCUMENTED_EPS, THROTTLED_ERROR } from './throttles';
export type { AmplitudeStats, EpsLimits, IdSets, InvalidWhen, JsonObject, RequestLogEntry, StoredEvent, StoredIdentify } from './types';

export interface StartAmplitudeFakeOptions {
  /** 0 (default) picks a free port. The server listens on 127.0.0.1 only. */
  port?: number;
  /** Accepted project keys; default ['AMP_KEY']. Any other → 400 Invalid API key. */
  apiKeys?: string[];
  /** Automatic per-user/per-device throttling; default null (off). */
  eps?: EpsLimits | null;
  /** One line per request on stderr. */
  log?: boolean;
  /** The fake's clock (ms): receivedAt, the 7-day insert_id memory, throttle windows. Default Date.now. */
  now?: () => number;
}

export type AmplitudeFaultSnapshot = FaultSnapshot & ThrottleSnapshot & { invalidWhen: boolean };

export interface AmplitudeFaults {
  /** Next `count` requests → 429 with Amplitude's body (no Retry-After: none is documented). */
  rateLimit(count: number): void;
  /** Next `count` requests → `status` (default 503). */
  fail(count: number, status?: FailStatus): void;
  /** Next `count` requests wait `ms` first; a client that disconnects meanwhile is not processed. */
  delay(count: number, ms: number): void;
  /** Next `count` requests: body read, then the socket is destroyed without an answer. */
  dropConnections(count: number): void;
  /** Next `count` requests are processed (events stored) and then the socket is destroyed: a lost ack. */
  acceptThenDrop(count: number): void;
  /** Random 429s/5xx from a seeded PRNG until `storm(null)`. */
  storm(settings: StormSettings | null): void;
  /** For `forMs`, a Batch/V2 request with an event of these ids → 429 naming them; nothing stored. */
  throttle(ids: IdSets, forMs: number): void;
  /** Until cleared, a Batch request with an event of these ids → 429 with exceeded_daily_quota_*; nothing stored. */
  dailyQuota(ids: IdSets): void;
  /** A field name returned marks that event invalid (400 events_with_invalid_fields); null removes the rule. */
  invalidWhen(rule: InvalidWhen | null): void;
  /** What is still armed. */
  pending(): AmplitudeFaultSnapshot;
  /** Disarms every switch above. */
  clear(): void;
}

export interface AmplitudeFake {
  /** `http://127.0.0.1:PORT`, no path: clients append /batch, /2/httpapi, /identify, /groupidentify. */
  url: string;
  port: number;
  /** Events accepted via /batch and /2/httpapi, deduplicated by insert_id, in acceptance order. */
  events(): StoredEvent[];
  /** Identification objects accepted via /identify. */
  identifies(): StoredIdentify[];
  /** Identification objects accepted via /groupidentify. */
  groupIdentifies(): StoredIdentify[];
  /** Every request to an API path, faulted and refused ones included. */
  requests(): RequestLogEntry[];
  stats(): AmplitudeStats;
  faults: AmplitudeFaults;
  /** Forgets stored data, insert_id memory, eps history, the request log, counters and faults. */
  reset(): void;
  /** Resolves after every socket is destroyed; in-flight delays are cancelled. */
  close(): Promise<void>;
}

export async function startAmplitudeFake(opts: StartAmplitudeFakeOptions = {}): Promise<AmplitudeFake> {
  const apiKeys = opts.apiKeys ?? ['AMP_KEY'];
  if (apiKeys.length === 0 || apiKeys.some((k) => !k)) throw new Error('apiKeys must hold at least one non-empty key');
  const eps = opts.eps ?? null;
  if (eps && !(eps.batch > 0 && eps.httpapi > 0 && eps.windowSeconds > 0)) throw new Error('eps limits and windowSeconds must be positive');
  const fake = new AmplitudeServer({ port: opts.port ?? 0, apiKeys, eps, log: opts.log ?? false, now: opts.now ?? Date.now });
  await fake.shell.listen(opts.port ?? 0);
  const f = fake.faults;
  return {
    url: fake.shell.url,
    port: fake.shell.port,
    events: () => fake.events(),
    identifies: () => fake.identifies(),
    groupIdentifies: () => fake.groupIdentifies(),
    requests: () => fake.shell.requests(),
    stats: () => fake.stats(),
    faults: {
      rateLimit: (count) => f.apply({ rateLimit: { count } }),
      fail: (count, status) => f.apply({ fail: { count, status } }),
      delay: (count, ms) => f.apply({ delay: { count, ms } }),
      dropConnections: (count) => f.apply({ dropConnections: count }),
      acceptThenDrop: (count) => f.apply({ acceptThenDrop: count }),
      storm: (settings) => f.apply({ storm: settings }),
      throttle: (ids, forMs) => fake.throttles.throttle(ids, forMs),
      dailyQuota: (ids) => fake.throttles.dailyQuota(ids),
      invalidWhen: (rule) => {
        fake.invalidWhen = rule;
      },
      pending: () => fake.pending(),
      clear: () => fake.clearFaults(),
    },
    reset: () => fake.reset(),
    close: () => fake.shell.close(),
  };
}
