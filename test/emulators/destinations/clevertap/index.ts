import type { FailStatus, FaultSnapshot, StormSettings } from '../http/faults';
import { DEFAULT_RESTRICTED_EVENTS, MAX_CUSTOM_PROFILE_KEYS, MAX_EVENT_PROPERTIES, MAX_RECORDS } from './check-records';
import { DEFAULT_MAX_CONCURRENT, isRegion } from './check-request';
import { CleverTapServer } from './server';
import type { CleverTapAccount, CleverTapStats, Duplicate, InvalidWhen, Region, RequestLogEntry, ResponseStyle, StoredRecord } from './types';

export {
  CODES,
  DEFAULT_RESTRICTED_EVENTS,
  MAX_CUSTOM_PROFILE_KEYS,
  MAX_EPOCH_SECONDS,
  MAX_EVENT_PROPERTIES,
  MAX_IDENTITY_CHARS,
  MAX_KEY_CHARS,
  MAX_RECORDS,
  MAX_VALUE_BYTES,
  MISSING_IDENTITY,
  STANDARD_PROFILE_KEYS,
  checkRecord,
  judgeRecords,
} from './check-records';
export { DEFAULT_MAX_CONCURRENT, INVALID_ACCOUNT, TOO_MANY_CONCURRENT, parseUploadBody, regionOf } from './check-request';
export { UPLOAD_PATH } from './server';
export { REGIONS } from './types';
export type { CleverTapAccount, CleverTapStats, Duplicate, InvalidWhen, JsonObject, RecordProblem, Region, RequestLogEntry, ResponseStyle, StoredRecord, UnprocessedRecord, UploadAnswer } from './types';

/** Defaults: the account and passcode the official SDK requests were captured with. */
export const DEFAULT_ACCOUNT: CleverTapAccount = { id: 'CT_ACCOUNT', passcode: 'CT_PASSCODE' };

export interface StartCleverTapFakeOptions {
  /** 0 (default) picks a free port. The server listens on 127.0.0.1 only. */
  port?: number;
  /** The region the fake stands in for (requests to 127.0.0.1 are for it); default eu1. */
  region?: Region;
  /** Accepted accounts; default [{ id: 'CT_ACCOUNT', passcode: 'CT_PASSCODE' }] in the fake's region. */
  accounts?: CleverTapAccount[];
  /** Upload requests one account may have in flight; one more → 429. Default 15. */
  maxConcurrent?: number;
  /** Records per request; more → 400. Default 1000. */
  maxRecords?: number;
  /** Per-event property limit (default 100) and custom profile keys per account (default 256). */
  maxEventProperties?: number;
  maxCustomProfileKeys?: number;
  /** Event names an upload may not raise (513); default DEFAULT_RESTRICTED_EVENTS. */
  restrictedEvents?: string[];
  /** Event names discarded in the dashboard (528); default none. */
  discardedEvents?: string[];
  /** `current` (default) or `legacy`: see ResponseStyle. */
  responseStyle?: ResponseStyle;
  /** How long the API takes over each upload it processes, in flight all along (default 0). */
  processingMs?: number;
  /** The fake's own cap on a request body (CleverTap documents none); default 16 MiB. */
  maxBodyBytes?: number;
  /** One line per request on stderr. */
  log?: boolean;
  /** The fake's clock (ms) for receivedAt. Default Date.now. */
  now?: () => number;
}

export type CleverTapFaultSnapshot = FaultSnapshot & { invalidWhen: boolean; processingMs: number };

export interface CleverTapFaults {
  /** Next `count` requests → 429 `{"status":"fail","error":"Too many concurrent requests (injected fault)","code":429}`, no Retry-After. */
  rateLimit(count: number): void;
  /** Next `count` requests → `status` (default 503). */
  fail(count: number, status?: FailStatus): void;
  /** Next `count` requests wait `ms` first (in flight all the while); a client that disconnects meanwhile is not processed. */
  delay(count: number, ms: number): void;
  /** Next `count` requests: body read, then the socket is destroyed without an answer. */
  dropConnections(count: number): void;
  /** Next `count` requests are processed (records stored) and then the socket is destroyed: a lost ack. */
  acceptThenDrop(count: number): void;
  /** Random 429s/5xx from a seeded PRNG until `storm(null)`. */
  storm(settings: StormSettings | null): void;
  /** Every upload the API processes takes `ms` (until clear()); keeps requests in flight. */
  slow(ms: number): void;
  /** A `{code, error}` returned puts that otherwise valid record in `unprocessed`; null removes the rule. */
  invalidWhen(rule: InvalidWhen | null): void;
  /** What is still armed. */
  pending(): CleverTapFaultSnapshot;
  /** Disarms every switch above (processing time back to the option's). */
  clear(): void;
}

export interface CleverTapFake {
  /** `http://127.0.0.1:PORT`, no path: clients append /1/upload. */
  url: string;
  port: number;
  region: Region;
  /** Every record stored, events and profiles, in order; duplicates are kept. */
  records(): StoredRecord[];
  events(): StoredRecord[];
  profiles(): StoredRecord[];
  /** Values of a dotted field (`evtData.floe_id`, `identity`) carried by more than one stored record. */
  duplicates(field: string): Duplicate[];
  /** Every request to an API path, faulted and refused ones included. */
  requests(): RequestLogEntry[];
  /** Requests of each account in flight right now. */
  inFlight(): Record<string, number>;
  stats(): CleverTapStats;
  faults: CleverTapFaults;
  /** Forgets records, custom profile keys, the request log, counters and faults. */
  reset(): void;
  /** Resolves after every socket is destroyed; in-flight delays are cancelled. */
  close(): Promise<void>;
}

const positive = (name: string, v: number): number => {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
  return v;
};

export async function startCleverTapFake(opts: StartCleverTapFakeOptions = {}): Promise<CleverTapFake> {
  const region = opts.region ?? 'eu1';
  if (!isRegion(region)) throw new Error(`unknown region ${JSON.stringify(region)}`);
  const accounts = new Map((opts.accounts ?? [DEFAULT_ACCOUNT]).map((a) => [a.id, { passcode: a.passcode, region: a.region ?? region }]));
  if (accounts.size === 0 || [...accounts].some(([id, a]) => !id || !a.passcode || !isRegion(a.region))) throw new Error('accounts must hold at least one account with an id, a passcode and a known region');
  const processingMs = opts.processingMs ?? 0;
  if (!Number.isInteger(processingMs) || processingMs < 0) throw new Error('processingMs must be a non-negative integer');
  const fake = new CleverTapServer({
    region,
    accounts,
    maxConcurrent: positive('maxConcurrent', opts.maxConcurrent ?? DEFAULT_MAX_CONCURRENT),
    maxRecords: positive('maxRecords', opts.maxRecords ?? MAX_RECORDS),
    maxBodyBytes: positive('maxBodyBytes', opts.maxBodyBytes ?? 16 * 1024 * 1024),
    rules: {
      maxEventProperties: positive('maxEventProperties', opts.maxEventProperties ?? MAX_EVENT_PROPERTIES),
      maxCustomProfileKeys: positive('maxCustomProfileKeys', opts.maxCustomProfileKeys ?? MAX_CUSTOM_PROFILE_KEYS),
      restrictedEvents: new Set(opts.restrictedEvents ?? DEFAULT_RESTRICTED_EVENTS),
      discardedEvents: new Set(opts.discardedEvents ?? []),
    },
    responseStyle: opts.responseStyle ?? 'current',
    processingMs,
    log: opts.log ?? false,
    now: opts.now ?? Date.now,
  });
  await fake.shell.listen(opts.port ?? 0);
  const f = fake.faults;
  return {
    url: fake.shell.url,
    port: fake.shell.port,
    region,
    records: () => fake.store.all(),
    events: () => fake.store.events(),
    profiles: () => fake.store.profiles(),
    duplicates: (field) => fake.store.duplicates(field),
    requests: () => fake.shell.requests(),
    inFlight: () => fake.inFlightNow(),
    stats: () => fake.stats(),
    faults: {
      rateLimit: (count) => f.apply({ rateLimit: { count } }),
      fail: (count, status) => f.apply({ fail: { count, status } }),
      delay: (count, ms) => f.apply({ delay: { count, ms } }),
      dropConnections: (count) => f.apply({ dropConnections: count }),
      acceptThenDrop: (count) => f.apply({ acceptThenDrop: count }),
      storm: (settings) => f.apply({ storm: settings }),
      slow: (ms) => {
        if (!Number.isInteger(ms) || ms < 0) throw new Error('slow(ms): ms must be a non-negative integer');
        fake.processing = ms;
      },
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
