import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCleverTapFake, type CleverTapFake } from '../../emulators/destinations/clevertap';
import { postJson, send, waitFor } from './helpers';

// CleverTap's concurrency limit (destinations.md §3.4: at most 15 upload requests in flight per
// account → 429), invalidWhen, and the HTTP fake's switches as a CleverTap client sees them.

let fake: CleverTapFake;

beforeAll(async () => {
  fake = await startCleverTapFake({ accounts: [{ id: 'CT_ACCOUNT', passcode: 'CT_PASSCODE' }, { id: 'OTHER', passcode: 'OTHER_PASSCODE' }] });
});

beforeEach(() => fake.reset());

afterAll(async () => {
  await fake.close();
});

type Rec = Record<string, unknown>;
const AUTH = { 'X-CleverTap-Account-Id': 'CT_ACCOUNT', 'X-CleverTap-Passcode': 'CT_PASSCODE' };
const OTHER = { 'X-CleverTap-Account-Id': 'OTHER', 'X-CleverTap-Passcode': 'OTHER_PASSCODE' };
const event = (i: number): Rec => ({ identity: `user-${i}`, type: 'event', evtName: 'played', evtData: { floe_id: `row-${i}` } });
const upload = (d: unknown[], headers: Record<string, string> = AUTH, url = fake.url) => postJson(`${url}/1/upload`, { d }, { headers });
const TOO_MANY = { status: 'fail', error: 'Too many concurrent requests', code: 429 };

/** `n` uploads at once (fetch opens a connection for each), their answers in the order sent. */
const burst = (n: number, headers = AUTH, url = fake.url) => Promise.all(Array.from({ length: n }, (_, i) => upload([event(i)], headers, url)));

describe('concurrency: at most 15 requests of an account in flight', () => {
  it('16 at once → exactly one 429 with CleverTap’s words and no Retry-After; the 15 others stored', async () => {
    // Long enough that all 16 overlap even on a busy machine.
    fake.faults.slow(1000);
    const replies = await burst(16);
    const limited = replies.filter((r) => r.status === 429);
    expect(limited).toHaveLength(1);
    expect([limited[0]!.json, limited[0]!.headers.get('retry-after')]).toEqual([TOO_MANY, null]);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(15);
    expect(fake.events()).toHaveLength(15);
    expect(fake.stats()).toMatchObject({ concurrencyRejections: 1, maxInFlight: 16, statusCounts: { '200': 15, '429': 1 }, faultsInjected: 0 });
    expect(fake.requests().filter((r) => r.status === 429)).toEqual([expect.objectContaining({ error: 'more than 15 requests of this account in flight', records: 0, stored: 0 })]);
    expect(fake.inFlight()).toEqual({});
  });

  it('15 at once all pass; a 16th after they are answered passes too', async () => {
    fake.faults.slow(1000);
    expect((await burst(15)).map((r) => r.status)).toEqual(Array(15).fill(200));
    expect((await upload([event(99)])).status).toBe(200);
    expect(fake.stats()).toMatchObject({ maxInFlight: 15, concurrencyRejections: 0 });
  });

  it('counted per account: 15 of one and 1 of another all pass', async () => {
    fake.faults.slow(300);
    const replies = await Promise.all([burst(15), upload([event(0)], OTHER)]);
    expect([...replies[0].map((r) => r.status), replies[1].status]).toEqual(Array(16).fill(200));
  });

  it('a request waiting in an injected delay is in flight too, and the 429 consumes no fault', async () => {
    fake.faults.delay(16, 1000);
    const replies = await burst(16);
    expect(replies.filter((r) => r.status === 429)).toHaveLength(1);
    expect(fake.faults.pending().delay.count).toBe(1);
  });

  it('in flight from arrival to answer: inFlight() sees them while they wait', async () => {
    fake.faults.slow(1000);
    const pending = burst(3);
    await waitFor(() => fake.inFlight().CT_ACCOUNT === 3);
    await pending;
    expect(fake.inFlight()).toEqual({});
  });

  it('the limit is an option (maxConcurrent) and processingMs keeps requests in flight', async () => {
    const three = await startCleverTapFake({ maxConcurrent: 3, processingMs: 1000 });
    try {
      const replies = await burst(5, AUTH, three.url);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429]);
      expect(three.stats()).toMatchObject({ concurrencyRejections: 2 });
    } finally {
      await three.close();
    }
  });

  it('a client that gives up frees its slot', async () => {
    fake.faults.slow(60_000);
    const controller = new AbortController();
    const gone = fetch(`${fake.url}/1/upload`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ d: [event(0)] }), signal: controller.signal }).catch(() => 'aborted');
    await waitFor(() => fake.inFlight().CT_ACCOUNT === 1);
    controller.abort();
    expect(await gone).toBe('aborted');
    await waitFor(() => fake.inFlight().CT_ACCOUNT === undefined);
    expect(fake.records()).toEqual([]);
  });
});

describe('invalidWhen(rule)', () => {
  it('puts the records it names in unprocessed with its code; null removes it', async () => {
    fake.faults.invalidWhen((r, i) => (i === 1 ? { code: 555, error: `Miscellaneous server error for ${String(r.identity)}` } : null));
    const r = await upload([event(0), event(1), event(2)]);
    expect(r.json).toEqual({ status: 'partial', processed: 2, unprocessed: [{ status: 'fail', code: 555, error: 'Miscellaneous server error for user-1. Skipped record number : 2', record: event(1) }] });
    expect(fake.events().map((e) => e.identity)).toEqual(['user-0', 'user-2']);
    expect(fake.stats().faultsInjected).toBe(1);
    fake.faults.invalidWhen(null);
    expect((await upload([event(1)])).json).toMatchObject({ status: 'success' });
  });

  it('sees only records the contract accepts; a rule that throws → 500', async () => {
    const seen: unknown[] = [];
    fake.faults.invalidWhen((r) => {
      seen.push(r.identity);
      return null;
    });
    await upload([event(0), { type: 'event' }, event(2)]);
    expect(seen).toEqual(['user-0', 'user-2']);
    fake.faults.invalidWhen(() => {
      throw new Error('rule broke');
    });
    expect(await upload([event(0)])).toMatchObject({ status: 500, json: { error: 'fake failed: rule broke' } });
  });
});

describe('the HTTP fake’s switches', () => {
  it('rateLimit → 429 in CleverTap’s shape, no Retry-After; fail → 500/502/503/504; both before credentials', async () => {
    fake.faults.rateLimit(1);
    const limited = await upload([event(0)], {});
    expect([limited.status, limited.json, limited.headers.get('retry-after')]).toEqual([429, { status: 'fail', error: 'Too many concurrent requests (injected fault)', code: 429 }, null]);
    for (const status of [500, 502, 503, 504] as const) {
      fake.faults.fail(1, status);
      expect(await upload([event(0)])).toMatchObject({ status, json: { status: 'fail', error: `Server error ${status} (injected fault)`, code: status } });
    }
    expect(fake.records()).toEqual([]);
    expect(fake.stats()).toMatchObject({ requests: 5, faultsInjected: 5, concurrencyRejections: 0, statusCounts: { '429': 1, '500': 1, '502': 1, '503': 1, '504': 1 } });
  });

  it('acceptThenDrop: stored, the answer lost; the retry is stored again (no idempotency key)', async () => {
    fake.faults.acceptThenDrop(1);
    await expect(upload([event(1), event(2)])).rejects.toThrow(/fetch failed/);
    expect(fake.events()).toHaveLength(2);
    expect((await upload([event(1), event(2)])).status).toBe(200);
    expect(fake.events()).toHaveLength(4);
    expect(fake.duplicates('evtData.floe_id')).toEqual([
      { value: 'row-1', count: 2 },
      { value: 'row-2', count: 2 },
    ]);
    expect(fake.requests().map((r) => [r.status, r.stored, r.ackDropped])).toEqual([
      [200, 2, true],
      [200, 2, false],
    ]);
  });

  it('dropConnections: no answer, nothing stored', async () => {
    fake.faults.dropConnections(1);
    await expect(upload([event(0)])).rejects.toThrow(/fetch failed/);
    expect(fake.records()).toEqual([]);
    expect(fake.requests()).toEqual([expect.objectContaining({ status: null, ackDropped: false })]);
    expect(fake.inFlight()).toEqual({});
  });

  it('delay, then the answer; a storm from its seed until storm(null); clear() disarms everything', async () => {
    fake.faults.delay(1, 150);
    const started = Date.now();
    expect((await upload([event(0)])).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    fake.faults.storm({ rate5xx: 1, status5xx: 502, seed: 3 });
    expect((await upload([event(1)])).status).toBe(502);
    fake.faults.storm(null);
    expect((await upload([event(1)])).status).toBe(200);
    fake.faults.fail(3);
    fake.faults.slow(10);
    fake.faults.invalidWhen(() => null);
    fake.faults.clear();
    expect(fake.faults.pending()).toMatchObject({ fail: { count: 0 }, invalidWhen: false, processingMs: 0, storm: null });
    expect((await upload([event(2)])).status).toBe(200);
  });

  it('close() resolves while a request waits in a delay; nothing is stored', async () => {
    const slow = await startCleverTapFake();
    slow.faults.delay(1, 60_000);
    const pending = upload([event(0)], AUTH, slow.url).then(
      () => 'answered',
      () => 'failed',
    );
    await waitFor(() => slow.requests().length === 1);
    await slow.close();
    expect(await pending).toBe('failed');
    expect(slow.records()).toEqual([]);
  });
});

describe('admin endpoints', () => {
  const admin = (method: string, route: string, payload?: unknown) =>
    send(`${fake.url}/__fake/${route}`, payload === undefined ? null : JSON.stringify(payload), { method, headers: { 'Content-Type': 'application/json' } });

  it('POST /__fake/faults takes the HTTP fake’s JSON plus processingMs; bad settings → 400', async () => {
    expect((await admin('POST', 'faults', { fail: { count: 1, status: 504 }, processingMs: 5 })).json).toMatchObject({ fail: { count: 1, status: 504 }, processingMs: 5 });
    expect((await upload([event(0)])).status).toBe(504);
    expect((await admin('POST', 'faults', { fail: { count: 1, status: 418 } })).status).toBe(400);
    expect((await admin('POST', 'faults', { processingMs: -1 })).status).toBe(400);
    expect((await admin('POST', 'faults', [])).status).toBe(400);
    expect((await admin('GET', 'faults')).json).toEqual(fake.faults.pending());
  });

  it('GET records, events, profiles, requests and stats; POST reset; admin requests are not counted', async () => {
    await upload([event(0), { identity: 'u', type: 'profile', profileData: { Name: 'A' } }]);
    expect((await admin('GET', 'records')).json).toEqual({ records: fake.records() });
    expect((await admin('GET', 'events')).json).toEqual({ events: fake.events() });
    expect((await admin('GET', 'profiles')).json).toEqual({ profiles: fake.profiles() });
    expect((await admin('GET', 'requests')).json).toEqual({ requests: fake.requests() });
    expect((await admin('GET', 'stats')).json).toMatchObject({ requests: 1, accepted: 2 });
    expect((await admin('POST', 'reset')).status).toBe(200);
    expect(fake.records()).toEqual([]);
    expect(fake.stats().requests).toBe(0);
    expect((await admin('GET', 'nothing')).status).toBe(404);
  });
});
