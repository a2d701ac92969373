import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCluedInFake, type CluedInFake } from '../../emulators/destinations/cluedin';
import { send, waitFor } from './helpers';

// The HTTP fake's switches as a CluedIn client sees them (seed 004's troubleshooting: 429 →
// back off, 5xx → retry, both with or without Retry-After), invalidWhen, and the admin routes.

let fake: CluedInFake;

beforeAll(async () => {
  fake = await startCluedInFake();
});

beforeEach(() => fake.reset());

afterAll(async () => {
  await fake.close();
});

type Rec = Record<string, unknown>;
const AUTH = { Authorization: 'Bearer CLUEDIN_TOKEN', 'Content-Type': 'application/x-ndjson' };
const rec = (i: number): Rec => ({ externalId: `C-${i}`, type: 'Customer', timestamp: '2025-08-20T03:14:07Z', properties: { n: i } });
const post = (records: Rec[], headers: Record<string, string> = AUTH, url = fake.endpointUrl()) =>
  send(url, records.map((r) => JSON.stringify(r)).join('\n'), { gzip: true, headers });
const batch = (n: number, from = 0) => Array.from({ length: n }, (_, i) => rec(from + i));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const refusal = (errors: unknown[]) => ({ success: false, warning: false, error: true, errors });

describe('429 and 5xx', () => {
  it('rateLimit(n) → 429 without Retry-After by default; with one when asked; before the token is checked', async () => {
    fake.faults.rateLimit(1);
    const bare = await post(batch(1), {});
    expect([bare.status, bare.json, bare.headers.get('retry-after')]).toEqual([429, refusal(['Too many requests (injected fault)']), null]);
    fake.faults.rateLimit(2, 7);
    for (let i = 0; i < 2; i++) {
      const r = await post(batch(1));
      expect([r.status, r.headers.get('retry-after')]).toEqual([429, '7']);
    }
    expect((await post(batch(1))).status).toBe(200);
    expect(fake.records()).toHaveLength(1);
  });

  it('the retryAfterSeconds option sets the default; null on the switch removes it', async () => {
    const withHeader = await startCluedInFake({ retryAfterSeconds: 2 });
    try {
      withHeader.faults.rateLimit(1);
      expect((await post(batch(1), AUTH, withHeader.endpointUrl())).headers.get('retry-after')).toBe('2');
      withHeader.faults.rateLimit(1, null);
      expect((await post(batch(1), AUTH, withHeader.endpointUrl())).headers.get('retry-after')).toBeNull();
    } finally {
      await withHeader.close();
    }
  });

  it('fail(n, status) → 500, 502, 503 or 504 in CluedIn’s error shape, nothing stored', async () => {
    for (const status of [500, 502, 503, 504] as const) {
      fake.faults.fail(1, status);
      const r = await post(batch(1));
      expect([r.status, r.json]).toEqual([status, refusal([`Server error ${status} (injected fault)`])]);
    }
    expect(fake.records()).toEqual([]);
    expect(fake.stats()).toMatchObject({ requests: 4, faultsInjected: 4, statusCounts: { '500': 1, '502': 1, '503': 1, '504': 1 } });
  });

  it('a storm from its seed: the same seed gives the same statuses', async () => {
    const run = async () => {
      fake.reset();
      fake.faults.storm({ rate429: 0.3, rate5xx: 0.3, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await post(batch(1, i))).status);
      return statuses;
    };
    const first = await run();
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(await run()).toEqual(first);
    fake.faults.storm(null);
    expect((await post(batch(1, 99))).status).toBe(200);
  });
});

describe('slow answers and lost connections', () => {
  it('delay(n, ms): answered after it', async () => {
    fake.faults.delay(1, 150);
    const started = Date.now();
    expect((await post(batch(2))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('a client that gives up during a delay gets nothing processed', async () => {
    fake.faults.delay(1, 300);
    const controller = new AbortController();
    const gone = fetch(fake.endpointUrl(), { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify([rec(1)]), signal: controller.signal }).catch(() => 'aborted');
    await waitFor(() => fake.requests().length === 1);
    controller.abort();
    expect(await gone).toBe('aborted');
    await sleep(400); // past the delay: a fake that ignored the disconnect would have stored it by now
    expect(fake.records()).toEqual([]);
    expect(fake.requests()).toEqual([expect.objectContaining({ status: null })]);
  });

  it('dropConnections(n): no answer, nothing stored', async () => {
    fake.faults.dropConnections(1);
    await expect(post(batch(2))).rejects.toThrow(/fetch failed/);
    expect(fake.records()).toEqual([]);
    expect(fake.requests()).toEqual([expect.objectContaining({ status: null, ackDropped: false })]);
  });

  it('acceptThenDrop(n): stored, the answer lost; the retry’s records are duplicates', async () => {
    fake.faults.acceptThenDrop(1);
    await expect(post(batch(3))).rejects.toThrow(/fetch failed/);
    expect(fake.records()).toHaveLength(3);
    const retry = await post(batch(3));
    expect([retry.status, (retry.json as Rec).success]).toEqual([200, true]);
    expect(fake.records()).toHaveLength(3);
    expect(fake.requests().map((r) => [r.status, r.stored, r.duplicates, r.ackDropped])).toEqual([
      [200, 3, 0, true],
      [200, 0, 3, false],
    ]);
    expect(fake.stats()).toMatchObject({ accepted: 3, duplicates: 3 });
  });

  it('close() resolves while a request waits in a delay', async () => {
    const slow = await startCluedInFake();
    slow.faults.delay(1, 60_000);
    const pending = post(batch(1), AUTH, slow.endpointUrl()).then(
      () => 'answered',
      () => 'failed',
    );
    await waitFor(() => slow.requests().length === 1);
    await slow.close();
    expect(await pending).toBe('failed');
    expect(slow.records()).toEqual([]);
  });
});

describe('invalidWhen(rule)', () => {
  it('a reason → 400 naming the record, nothing stored; null removes it', async () => {
    fake.faults.invalidWhen((r, i) => ((r.properties as Rec).n === 1 ? `mapping refused ${String(r.externalId)} at ${i}` : null));
    const r = await post(batch(3));
    expect([r.status, r.json]).toEqual([400, { ...refusal(['record 1: mapping refused C-1 at 1']), receiptId: expect.any(String) }]);
    expect(fake.records()).toEqual([]);
    expect(fake.stats().faultsInjected).toBe(1);
    expect(fake.faults.pending().invalidWhen).toBe(true);
    fake.faults.invalidWhen(null);
    expect((await post(batch(3))).status).toBe(200);
  });

  it('sees records with cleaned names, and none when the contract already refused some; one that throws → 500', async () => {
    const seen: unknown[] = [];
    fake.faults.invalidWhen((r) => {
      seen.push(r.properties);
      return null;
    });
    await post([{ ...rec(0), properties: { 'first name': 'A' } }]);
    await post([rec(1), { ...rec(2), type: '' }]);
    expect(seen).toEqual([{ first_name: 'A' }]);
    fake.faults.invalidWhen(() => {
      throw new Error('rule broke');
    });
    expect(await post(batch(1))).toMatchObject({ status: 500, json: { error: 'fake failed: rule broke' } });
  });
});

describe('admin endpoints', () => {
  const admin = (method: string, route: string, payload?: unknown) =>
    send(`${fake.url}/__fake/${route}`, payload === undefined ? null : JSON.stringify(payload), { method, headers: { 'Content-Type': 'application/json' } });

  it('POST /__fake/faults takes the HTTP fake’s JSON; bad settings → 400; clear() disarms everything', async () => {
    expect((await admin('POST', 'faults', { rateLimit: { count: 1, retryAfterSeconds: 4 }, fail: { count: 1, status: 502 } })).json).toMatchObject({ rateLimit: { count: 1, retryAfterSeconds: 4 }, fail: { count: 1, status: 502 } });
    expect((await post(batch(1))).status).toBe(429);
    expect((await post(batch(1))).status).toBe(502);
    expect((await admin('POST', 'faults', { throttle: {} })).status).toBe(400);
    fake.faults.fail(3);
    fake.faults.invalidWhen(() => null);
    fake.faults.clear();
    expect((await admin('GET', 'faults')).json).toMatchObject({ fail: { count: 0 }, invalidWhen: false });
  });

  it('GET records, tombstones, entities, requests and stats; POST reset; admin requests are not counted', async () => {
    await post([rec(0), { externalId: 'C-1', type: 'Customer', deleted: true, timestamp: '2025-08-20T03:14:07Z' }]);
    expect((await admin('GET', 'records')).json).toEqual({ records: fake.records() });
    expect((await admin('GET', 'tombstones')).json).toEqual({ tombstones: fake.tombstones() });
    expect((await admin('GET', 'entities')).json).toEqual({ entities: fake.entities() });
    expect((await admin('GET', 'requests')).json).toEqual({ requests: fake.requests() });
    expect((await admin('GET', 'stats')).json).toMatchObject({ requests: 1, accepted: 2, tombstones: 1 });
    expect((await admin('POST', 'reset')).status).toBe(200);
    expect(fake.records()).toEqual([]);
    expect(fake.stats().requests).toBe(0);
    expect((await admin('GET', 'nothing')).status).toBe(404);
  });
});
