import type { FailStatus, FaultSnapshot, StormSettings } from '../http/faults';
import { MAX_PROPERTIES, MAX_RECORDS } from './check-records';
import { CluedInServer, ENDPOINT_PREFIX, endpointIdOf } from './server';
import type { CluedInStats, EntityState, InvalidWhen, RequestLogEntry, StoredRecord } from './types';

export { MAX_PROPERTIES, MAX_RECORDS, checkRecords, cleanName, parseBody } from './check-records';
export { ENDPOINT_PREFIX, bearerToken, endpointIdOf } from './server';
export type { CluedInStats, EntityState, InvalidWhen, JsonObject, RequestLogEntry, StoredRecord } from './types';

/** The example endpoint id of CluedIn's own documentation. */
export const DEFAULT_ENDPOINT_ID = '9A327661-51FD-4FFC-8DF5-3F80746B996C';
export const DEFAULT_TOKEN = 'CLUEDIN_TOKEN';
const MB = 1024 * 1024;

export interface StartCluedInFakeOptions {
  /** 0 (default) picks a free port. The server listens on 127.0.0.1 only. */
  port?: number;
  /** Ingestion endpoint ids (GUIDs, any case); default [DEFAULT_ENDPOINT_ID]. Another id → 404. */
  endpoints?: string[];
  /** Accepted API tokens; default ['CLUEDIN_TOKEN']. Missing or another → 403. */
  tokens?: string[];
  /** Records per request; more → 413. Default 5000 (the seed's upper batch size). */
  maxRecords?: number;
  /** Properties per record; more → 400. Default 490. */
  maxProperties?: number;
  /** Request body bytes as sent (before gunzip); more → 413. Default 10 MiB. */
  maxBodyBytes?: number;
  /** Body bytes after gunzip; more → 413. Default 100 MiB. */
  maxDecodedBytes?: number;
  /** Retry-After (seconds) of injected 429s unless the switch says otherwise; default null (none). */
  retryAfterSeconds?: number | null;
  /** One line per request on stderr. */
  log?: boolean;
  /** The fake's clock (ms) for receivedAt. Default Date.now. */
  now?: () => number;
}

export type CluedInFaultSnapshot = FaultSnapshot & { invalidWhen: boolean };

export interface CluedInFaults {
  /** Next `count` requests → 429, with `Retry-After: <s>` (default: the option's) or, with null, without it. */
  rateLimit(count: number, retryAfterSeconds?: number | null): void;
  /** Next `count` requests → `status` (default 503). */
  fail(count: number, status?: FailStatus): void;
  /** Next `count` requests wait `ms` first; a client that disconnects meanwhile is not processed. */
  delay(count: number, ms: number): void;
  /** Next `count` requests: body read, then the socket is destroyed without an answer. */
  dropConnections(count: number): void;
  /** Next `count` requests are processed (records stored) and then the socket is destroyed: a lost ack. */
  acceptThenDrop(count: number): void;
  /** Random 429s/5xx from a seeded PRNG until `storm(null)`. */
  storm(settings: StormSettings | null): void;
  /** A reason returned refuses that record: the request is answered 400 (`record i: reason`), nothing stored. null removes it. */
  invalidWhen(rule: InvalidWhen | null): void;
  /** What is still armed. */
  pending(): CluedInFaultSnapshot;
  /** Disarms every switch above. */
  clear(): void;
}

export interface CluedInFake {
  /** `http://127.0.0.1:PORT`, no path. */
  url: string;
  port: number;
  /** The full POST URL of an ingestion endpoint (default: the first). */
  endpointUrl(id?: string): string;
  /** Stored records (tombstones among them) in acceptance order, of one endpoint or all. */
  records(endpointId?: string): StoredRecord[];
  tombstones(endpointId?: string): StoredRecord[];
  /** Each entity's newest record by timestamp: what CluedIn would hold. */
  entities(endpointId?: string): EntityState[];
  /** Every request to an API path, faulted and refused ones included. */
  requests(): RequestLogEntry[];
  stats(): CluedInStats;
  faults: CluedInFaults;
  /** Forgets records, duplicate memory, the request log, counters and faults. */
  reset(): void;
  /** Resolves after every socket is destroyed; in-flight delays are cancelled. */
  close(): Promise<void>;
}

const positive = (name: string, v: number): number => {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
  return v;
};

export async function startCluedInFake(opts: StartCluedInFakeOptions = {}): Promise<CluedInFake> {
  const given = opts.endpoints ?? [DEFAULT_ENDPOINT_ID];
  const ids = given.map((id) => endpointIdOf(ENDPOINT_PREFIX + id));
  if (ids.length === 0 || ids.some((id) => id === null)) throw new Error(`endpoints must be GUIDs, got ${JSON.stringify(given)}`);
  const tokens = opts.tokens ?? [DEFAULT_TOKEN];
  if (tokens.length === 0 || tokens.some((t) => !t || /\s/.test(t))) throw new Error('tokens must hold at least one non-empty token without spaces');
  const retryAfterSeconds = opts.retryAfterSeconds === undefined ? null : opts.retryAfterSeconds;
  const fake = new CluedInServer({
    endpoints: new Set(ids as string[]),
    tokens: new Set(tokens),
    maxRecords: positive('maxRecords', opts.maxRecords ?? MAX_RECORDS),
    maxProperties: positive('maxProperties', opts.maxProperties ?? MAX_PROPERTIES),
    maxBodyBytes: positive('maxBodyBytes', opts.maxBodyBytes ?? 10 * MB),
    maxDecodedBytes: positive('maxDecodedBytes', opts.maxDecodedBytes ?? 100 * MB),
    retryAfterSeconds,
    log: opts.log ?? false,
    now: opts.now ?? Date.now,
  });
  await fake.shell.listen(opts.port ?? 0);
  const f = fake.faults;
  const url = fake.shell.url;
  return {
    url,
    port: fake.shell.port,
    endpointUrl: (id = given[0]!) => `${url}${ENDPOINT_PREFIX}${id}`,
    records: (endpointId) => fake.store.all(endpointId?.toLowerCase()),
    tombstones: (endpointId) => fake.store.tombstones(endpointId?.toLowerCase()),
    entities: (endpointId) => fake.store.entities(endpointId?.toLowerCase()),
    requests: () => fake.shell.requests(),
    stats: () => fake.stats(),
    faults: {
      rateLimit: (count, retryAfter) => f.apply({ rateLimit: { count, retryAfterSeconds: retryAfter } }),
      fail: (count, status) => f.apply({ fail: { count, status } }),
      delay: (count, ms) => f.apply({ delay: { count, ms } }),
      dropConnections: (count) => f.apply({ dropConnections: count }),
      acceptThenDrop: (count) => f.apply({ acceptThenDrop: count }),
      storm: (settings) => f.apply({ storm: settings }),
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
