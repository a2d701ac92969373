import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAmplitudeFake, type AmplitudeFake } from '../../emulators/destinations/amplitude';
import { postJson, send } from './helpers';

// Amplitude's 429s (switched throttles, daily quota, automatic eps limits), invalidWhen, and
// the HTTP fake's switches as an Amplitude client sees them.

let fake: AmplitudeFake;

beforeAll(async () => {
  fake = await startAmplitudeFake();
});

beforeEach(() => fake.reset());

afterAll(async () => {
  await fake.close();
});

type Event = Record<string, unknown>;
const ev = (user: string, i: number, extra: Event = {}): Event => ({ event_type: 'played', user_id: user, device_id: `dev-${user}`, insert_id: `${user}-${i}`, ...extra });
const body = (events: Event[]) => ({ api_key: 'AMP_KEY', events });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('throttle(ids, forMs)', () => {
  it('429 names the throttled ids and their events, stores nothing; others pass; it ends after forMs', async () => {
    fake.faults.throttle({ users: ['alice-1'], devices: ['dev-carol-1'] }, 300);
    const mixed = [ev('alice-1', 0), ev('bobby-1', 0), ev('alice-1', 1), ev('carol-1', 0)];
    const r = await postJson(`${fake.url}/2/httpapi`, body(mixed));
    expect(r.status).toBe(429);
    expect(r.json).toEqual({
      code: 429,
      error: 'Too many requests for some devices and users',
      eps_threshold: 30,
      throttled_users: { 'alice-1': 2 },
      throttled_devices: { 'dev-carol-1': 1 },
      throttled_events: [0, 2, 3],
    });
    expect(r.headers.get('retry-after')).toBeNull();
    expect(fake.events()).toEqual([]);

    expect((await postJson(`${fake.url}/batch`, body([ev('bobby-1', 0)]))).status).toBe(200);
    expect((await postJson(`${fake.url}/batch`, body([ev('alice-1', 0)]))).json).toMatchObject({ eps_threshold: 1000 });
    await sleep(320);
    expect((await postJson(`${fake.url}/2/httpapi`, body(mixed))).status).toBe(200);
    expect(fake.events()).toHaveLength(4);
    expect(fake.stats()).toMatchObject({ statusCounts: { '429': 2, '200': 2 }, faultsInjected: 2 });
  });

  it('pending() lists it until it ends; clear() ends it at once', async () => {
    fake.faults.throttle({ users: ['alice-1'] }, 60_000);
    expect(fake.faults.pending().throttles).toEqual([{ users: ['alice-1'], devices: [], until: expect.any(Number) }]);
    fake.faults.clear();
    expect((await postJson(`${fake.url}/2/httpapi`, body([ev('alice-1', 0)]))).status).toBe(200);
  });
});

describe('dailyQuota(ids)', () => {
  it('on /batch: 429 with exceeded_daily_quota_* maps and the events, nothing stored, until cleared', async () => {
    fake.faults.dailyQuota({ users: ['alice-1'], devices: ['dev-bobby-1'] });
    const r = await postJson(`${fake.url}/batch`, body([ev('alice-1', 0), ev('bobby-1', 0), ev('carol-1', 0)]));
    expect(r.status).toBe(429);
    expect(r.json).toEqual({
      code: 429,
      error: 'Too many requests for some devices and users',
      eps_threshold: 1000,
      exceeded_daily_quota_users: { 'alice-1': 500_001 },
      exceeded_daily_quota_devices: { 'dev-bobby-1': 500_001 },
      throttled_events: [0, 1],
    });
    expect(fake.events()).toEqual([]);
    // HTTP V2 has no daily quota (destinations.md §1.4).
    expect((await postJson(`${fake.url}/2/httpapi`, body([ev('alice-1', 0)]))).status).toBe(200);
    fake.faults.clear();
    expect((await postJson(`${fake.url}/batch`, body([ev('alice-1', 1)]))).status).toBe(200);
  });
});

describe('invalidWhen(rule)', () => {
  it('the field a rule names → 400 events_with_invalid_fields, nothing stored; null removes the rule', async () => {
    fake.faults.invalidWhen((e) => (String(e.user_id).startsWith('bad') ? 'user_properties' : null));
    const r = await postJson(`${fake.url}/batch`, body([ev('good-1', 0), ev('bad-01', 0), ev('bad-02', 0)]));
    expect([r.status, r.json]).toEqual([400, { code: 400, error: 'Invalid field values on some events', events_with_invalid_fields: { user_properties: [1, 2] } }]);
    expect(fake.events()).toEqual([]);
    expect(fake.faults.pending().invalidWhen).toBe(true);
    fake.faults.invalidWhen(null);
    expect((await postJson(`${fake.url}/batch`, body([ev('bad-01', 0)]))).status).toBe(200);
  });

  it('sees only events the contract accepts, so it may read their fields freely', async () => {
    fake.faults.invalidWhen((e) => ((e.user_id as string).endsWith('1') ? 'time' : null));
    const r = await postJson(`${fake.url}/2/httpapi`, body([{ event_type: 'x' }, ev('user-1', 0)]));
    expect(r.json).toMatchObject({ events_with_missing_fields: { user_id: [0], device_id: [0] }, events_with_invalid_fields: { time: [1] } });
  });

  it('a rule that throws → 500 with its message', async () => {
    fake.faults.invalidWhen(() => {
      throw new Error('rule broke');
    });
    expect(await postJson(`${fake.url}/2/httpapi`, body([ev('user-1', 0)]))).toMatchObject({ status: 500, json: { error: 'fake failed: rule broke' } });
    expect(fake.requests()[0]).toMatchObject({ status: 500 });
  });
});

describe('automatic eps limits', () => {
  it('per user and per device, averaged over the window; 429 stores nothing and names the rate', async () => {
    const limited = await startAmplitudeFake({ eps: { batch: 3, httpapi: 1, windowSeconds: 0.5 } });
    try {
      // HTTP V2: 1 eps × 0.5 s = 0.5 events per window, so even one event is over… at 2 it reads 4 eps.
      const v2 = await postJson(`${limited.url}/2/httpapi`, body([ev('alice-1', 0), ev('alice-1', 1)]));
      expect(v2.json).toEqual({ code: 429, error: 'Too many requests for some devices and users', eps_threshold: 1, throttled_users: { 'alice-1': 4 }, throttled_devices: { 'dev-alice-1': 4 }, throttled_events: [0, 1] });
      // Batch: 3 eps × 0.5 s = 1.5 events per window: one passes, a second within the window does not.
      expect((await postJson(`${limited.url}/batch`, body([ev('bobby-1', 0)]))).status).toBe(200);
      const second = await postJson(`${limited.url}/batch`, body([ev('bobby-1', 1), ev('carol-1', 0)]));
      expect(second.json).toMatchObject({ code: 429, eps_threshold: 3, throttled_users: { 'bobby-1': 4 }, throttled_events: [0] });
      expect(limited.events().map((e) => e.insert_id)).toEqual(['bobby-1-0']);
      await sleep(550);
      expect((await postJson(`${limited.url}/batch`, body([ev('bobby-1', 1), ev('carol-1', 0)]))).status).toBe(200);
      expect(limited.stats().faultsInjected).toBe(0);
    } finally {
      await limited.close();
    }
  });
});

describe('the HTTP fake’s switches', () => {
  it('rateLimit: 429 with Amplitude’s body and no Retry-After; fail: 500, 502, 503 or 504', async () => {
    fake.faults.rateLimit(1);
    const limited = await postJson(`${fake.url}/2/httpapi`, body([ev('alice-1', 0)]));
    expect([limited.status, limited.json, limited.headers.get('retry-after')]).toEqual([429, { code: 429, error: 'Too many requests (injected fault)' }, null]);
    for (const status of [500, 502, 503, 504] as const) {
      fake.faults.fail(1, status);
      expect(await postJson(`${fake.url}/batch`, body([ev('alice-1', 0)]))).toMatchObject({ status, json: { code: status } });
    }
    expect(fake.events()).toEqual([]);
    expect(fake.stats()).toMatchObject({ requests: 5, faultsInjected: 5 });
  });

  it('faults fire before the contract, on the identify APIs too (as text)', async () => {
    fake.faults.fail(2, 502);
    expect((await postJson(`${fake.url}/2/httpapi`, { api_key: 'WRONG' })).status).toBe(502);
    const r = await send(`${fake.url}/identify`, 'api_key=AMP_KEY', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect([r.status, r.text]).toEqual([502, 'Server error 502 (injected fault)']);
  });

  it('dropConnections: no answer, nothing stored', async () => {
    fake.faults.dropConnections(1);
    await expect(postJson(`${fake.url}/2/httpapi`, body([ev('alice-1', 0)]))).rejects.toThrow(/fetch failed/);
    expect(fake.events()).toEqual([]);
    expect(fake.requests()).toEqual([expect.objectContaining({ status: null, ackDropped: false })]);
  });

  it('acceptThenDrop: stored, the ack lost, the retry answered 200 as a duplicate', async () => {
    fake.faults.acceptThenDrop(1);
    const events = [ev('alice-1', 0), ev('bobby-1', 0)];
    await expect(postJson(`${fake.url}/batch`, body(events))).rejects.toThrow(/fetch failed/);
    expect(fake.events()).toHaveLength(2);
    expect((await postJson(`${fake.url}/batch`, body(events))).status).toBe(200);
    expect(fake.events()).toHaveLength(2);
    expect(fake.stats()).toMatchObject({ accepted: 2, duplicates: 2 });
    expect(fake.requests().map((r) => [r.status, r.stored, r.ackDropped])).toEqual([
      [200, 2, true],
      [200, 0, false],
    ]);
  });

  it('delay, then the answer; a storm from its seed until storm(null)', async () => {
    fake.faults.delay(1, 150);
    const started = Date.now();
    expect((await postJson(`${fake.url}/2/httpapi`, body([ev('alice-1', 0)]))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    fake.faults.storm({ rate429: 1, seed: 7 });
    expect((await postJson(`${fake.url}/2/httpapi`, body([ev('alice-1', 1)]))).status).toBe(429);
    fake.faults.storm(null);
    expect((await postJson(`${fake.url}/2/httpapi`, body([ev('alice-1', 1)]))).status).toBe(200);
  });

  it('close() resolves while a request waits in a delay', async () => {
    const slow = await startAmplitudeFake();
    slow.faults.delay(1, 60_000);
    const pending = postJson(`${slow.url}/2/httpapi`, body([ev('alice-1', 0)])).then(
      () => 'answered',
      () => 'failed',
    );
    await sleep(50);
    await slow.close();
    expect(await pending).toBe('failed');
    expect(slow.events()).toEqual([]);
  });
});

describe('admin endpoints', () => {
  const admin = (method: string, route: string, payload?: unknown) =>
    send(`${fake.url}/__fake/${route}`, payload === undefined ? null : JSON.stringify(payload), { method, headers: { 'Content-Type': 'application/json' } });

  it('POST /__fake/faults takes the HTTP fake’s JSON plus throttle and dailyQuota; bad settings → 400', async () => {
    const set = await admin('POST', 'faults', { fail: { count: 1, status: 504 }, throttle: { users: ['alice-1'], forMs: 60_000 }, dailyQuota: { devices: ['dev-x'] } });
    expect(set.json).toMatchObject({ fail: { count: 1, status: 504 }, throttles: [{ users: ['alice-1'] }], dailyQuota: { users: [], devices: ['dev-x'] } });
    expect((await postJson(`${fake.url}/2/httpapi`, body([ev('bobby-1', 0)]))).status).toBe(504);
    expect((await postJson(`${fake.url}/2/httpapi`, body([ev('alice-1', 0)]))).status).toBe(429);
    expect((await admin('POST', 'faults', { throttle: { users: ['a'] } })).status).toBe(400);
    expect((await admin('POST', 'faults', { fail: { count: 1, status: 418 } })).status).toBe(400);
    expect((await admin('POST', 'faults', { dailyQuota: null })).json).toMatchObject({ dailyQuota: null });
  });

  it('GET events, requests and stats; POST reset; admin requests are not counted', async () => {
    await postJson(`${fake.url}/2/httpapi`, body([ev('alice-1', 0)]));
    expect((await admin('GET', 'events')).json).toEqual({ events: fake.events() });
    expect((await admin('GET', 'requests')).json).toEqual({ requests: fake.requests() });
    expect((await admin('GET', 'stats')).json).toMatchObject({ requests: 1, accepted: 1 });
    expect((await admin('POST', 'reset')).status).toBe(200);
    expect(fake.events()).toEqual([]);
    expect(fake.stats().requests).toBe(0);
    expect((await admin('GET', 'nothing')).status).toBe(404);
  });
});
