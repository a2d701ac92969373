import type { FailStatus, FaultSnapshot, StormSettings } from '../http/faults';
import { CustomerIoServer } from './server';
import type { CustomerIoStats, InvalidWhen, RequestLogEntry, StoredCall } from './types';

export { CALL_TYPES, MAX_BATCH_BYTES, MAX_CALL_BYTES, batchItemProblems, semanticProblems, singleCallProblems } from './check-calls';
export { basicKey } from './server';
export type { CallType, CustomerIoEndpoint, CustomerIoStats, InvalidWhen, JsonObject, RequestLogEntry, StoredCall } from './types';

export interface StartCustomerIoFakeOptions {
  /** 0 (default) picks a free port. The server listens on 127.0.0.1 only. */
  port?: number;
  /** Accepted API keys (Basic auth user name, empty password); default ['CIO_KEY']. */
  apiKeys?: string[];
  /** One line per request on stderr. */
  log?: boolean;
}

export type CustomerIoFaultSnapshot = FaultSnapshot & { invalidWhen: boolean };

export interface CustomerIoFaults {
  /** Next `count` requests → 429 `{"meta":{"errors":[…]}}` (no Retry-After: none is documented). */
  rateLimit(count: number): void;
  /** Next `count` requests → `status` (default 503). */
  fail(count: number, status?: FailStatus): void;
  /** Next `count` requests wait `ms` first; a client that disconnects meanwhile is not processed. */
  delay(count: number, ms: number): void;
  /** Next `count` requests: body read, then the socket is destroyed without an answer. */
  dropConnections(count: number): void;
  /** Next `count` requests are processed (calls stored) and then the socket is destroyed: a lost ack. */
  acceptThenDrop(count: number): void;
  /** Random 429s/5xx from a seeded PRNG until `storm(null)`. */
  storm(settings: StormSettings | null): void;
  /**
   * A reason returned refuses that call. Strict mode: 400 with the reason (`batch[i]: reason`
   * in a batch), nothing stored. Permissive mode: 200 `{}` and the whole request dropped.
   * The rule only sees calls the contract accepts. null removes it.
   */
  invalidWhen(rule: InvalidWhen | null): void;
  /** What is still armed. */
  pending(): CustomerIoFaultSnapshot;
  /** Disarms every switch above. */
  clear(): void;
}

export interface CustomerIoFake {
  /** `http://127.0.0.1:PORT`, no path: clients append /v1/batch, /v1/identify… */
  url: string;
  port: number;
  /** Accepted calls, from batches and single-call endpoints, deduplicated by messageId, in acceptance order. */
  calls(): StoredCall[];
  /** Every request to an API path, faulted and refused ones included. */
  requests(): RequestLogEntry[];
  stats(): CustomerIoStats;
  faults: CustomerIoFaults;
  /** Forgets calls, messageId memory, the request log, counters and faults. */
  reset(): void;
  /** Resolves after every socket is destroyed; in-flight delays are cancelled. */
  close(): Promise<void>;
}

export async function startCustomerIoFake(opts: StartCustomerIoFakeOptions = {}): Promise<CustomerIoFake> {
  const apiKeys = opts.apiKeys ?? ['CIO_KEY'];
  if (apiKeys.length === 0 || apiKeys.some((k) => !k || k.includes(':'))) throw new Error('apiKeys must hold at least one non-empty key without ":"');
  const fake = new CustomerIoServer({ apiKeys, log: opts.log ?? false });
  await fake.shell.listen(opts.port ?? 0);
  const f = fake.faults;
  return {
    url: fake.shell.url,
    port: fake.shell.port,
    calls: () => fake.calls(),
    requests: () => fake.shell.requests(),
    stats: () => fake.stats(),
    faults: {
      rateLimit: (count) => f.apply({ rateLimit: { count } }),
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
