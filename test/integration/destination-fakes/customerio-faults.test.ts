import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCustomerIoFake, type CustomerIoFake } from '../../emulators/destinations/customerio';
import { basicAuth, postJson, send } from './helpers';

// invalidWhen in both modes, and the HTTP fake's switches as a Customer.io client sees them.

let fake: CustomerIoFake;

beforeAll(async () => {
  fake = await startCustomerIoFake({ apiKeys: ['CIO_KEY', 'OTHER_KEY'] });
});

beforeEach(() => fake.reset());

afterAll(async () => {
  await fake.close();
});

const AUTH = { Authorization: basicAuth('CIO_KEY') };
const STRICT = { ...AUTH, 'X-Strict-Mode': '1' };
const identify = (i: number) => ({ type: 'identify', userId: `user-${i}`, messageId: `m-${i}` });
const batch = (n: number) => ({ batch: Array.from({ length: n }, (_, i) => identify(i)) });
const url = () => `${fake.url}/v1/batch`;

describe('invalidWhen(rule)', () => {
  const rule = (call: Record<string, unknown>) => ((call.userId as string).endsWith('1') ? 'traits.email: not an address' : null);

  it('strict: 400 with the reason as batch[i]: reason, nothing stored', async () => {
    fake.faults.invalidWhen(rule);
    const r = await postJson(url(), batch(3), { headers: STRICT });
    expect([r.status, r.json]).toEqual([400, { meta: { errors: ['batch[1]: traits.email: not an address'] } }]);
    expect(fake.calls()).toEqual([]);
    expect(fake.stats().faultsInjected).toBe(1);
  });

  it('a single call: the reason as it is', async () => {
    fake.faults.invalidWhen(rule);
    const r = await postJson(`${fake.url}/v1/identify`, { userId: 'user-1' }, { headers: STRICT });
    expect(r.json).toEqual({ meta: { errors: ['traits.email: not an address'] } });
  });

  it('permissive: 200 {} and the whole request dropped; null removes the rule', async () => {
    fake.faults.invalidWhen(rule);
    const r = await postJson(url(), batch(3), { headers: AUTH });
    expect([r.status, r.json]).toEqual([200, {}]);
    expect(fake.calls()).toEqual([]);
    expect(fake.stats()).toMatchObject({ dropped: 3 });
    expect(fake.requests()[0]).toMatchObject({ errors: ['batch[1]: traits.email: not an address'], stored: 0 });
    fake.faults.invalidWhen(null);
    expect(fake.faults.pending().invalidWhen).toBe(false);
    await postJson(url(), batch(3), { headers: AUTH });
    expect(fake.calls()).toHaveLength(3);
  });

  it('sees only calls the contract accepts, so it may read their fields freely', async () => {
    fake.faults.invalidWhen(rule);
    const r = await postJson(url(), { batch: [{ type: 'identify' }, identify(1)] }, { headers: STRICT });
    expect(r.json).toEqual({ meta: { errors: ['batch[0]: identify needs a userId or an anonymousId', 'batch[1]: traits.email: not an address'] } });
  });
});

describe('the HTTP fake’s switches', () => {
  it('rateLimit → 429 {meta:{errors}} without Retry-After; fail → 500/502/503/504; both before auth', async () => {
    fake.faults.rateLimit(1);
    const limited = await postJson(url(), batch(1), { headers: {} });
    expect([limited.status, limited.json, limited.headers.get('retry-after')]).toEqual([429, { meta: { errors: ['rate limited (injected fault)'] } }, null]);
    for (const status of [500, 502, 503, 504] as const) {
      fake.faults.fail(1, status);
      expect((await postJson(url(), batch(1), { headers: STRICT })).status).toBe(status);
    }
    expect(fake.calls()).toEqual([]);
    expect(fake.stats()).toMatchObject({ requests: 5, faultsInjected: 5, statusCounts: { '429': 1, '500': 1, '502': 1, '503': 1, '504': 1 } });
  });

  it('acceptThenDrop: stored, the ack lost, the retry stored nothing twice', async () => {
    fake.faults.acceptThenDrop(1);
    await expect(postJson(url(), batch(2), { headers: STRICT, gzip: true })).rejects.toThrow(/fetch failed/);
    expect(fake.calls()).toHaveLength(2);
    expect((await postJson(url(), batch(2), { headers: STRICT, gzip: true })).status).toBe(200);
    expect(fake.calls()).toHaveLength(2);
    expect(fake.requests().map((r) => [r.status, r.stored, r.ackDropped])).toEqual([
      [200, 2, true],
      [200, 0, false],
    ]);
  });

  it('dropConnections: no answer, nothing stored; clear() disarms everything', async () => {
    fake.faults.dropConnections(1);
    await expect(postJson(url(), batch(1), { headers: STRICT })).rejects.toThrow(/fetch failed/);
    fake.faults.fail(5);
    fake.faults.clear();
    expect(fake.faults.pending()).toMatchObject({ fail: { count: 0 }, dropConnections: 0, invalidWhen: false });
    expect((await postJson(url(), batch(1), { headers: { Authorization: basicAuth('OTHER_KEY'), 'X-Strict-Mode': '1' } })).status).toBe(200);
    expect(fake.calls()).toHaveLength(1);
  });

  it('POST /__fake/faults, GET /__fake/calls and /__fake/requests, POST /__fake/reset', async () => {
    const admin = (method: string, route: string, payload?: unknown) =>
      send(`${fake.url}/__fake/${route}`, payload === undefined ? null : JSON.stringify(payload), { method, headers: { 'Content-Type': 'application/json' } });
    expect((await admin('POST', 'faults', { fail: { count: 1, status: 502 } })).json).toMatchObject({ fail: { count: 1, status: 502 } });
    expect((await postJson(url(), batch(1), { headers: STRICT })).status).toBe(502);
    expect((await admin('POST', 'faults', { throttle: {} })).status).toBe(400);
    await postJson(url(), batch(1), { headers: STRICT });
    expect((await admin('GET', 'calls')).json).toEqual({ calls: fake.calls() });
    expect((await admin('GET', 'requests')).json).toEqual({ requests: fake.requests() });
    expect((await admin('GET', 'stats')).json).toMatchObject({ requests: 2, accepted: 1 });
    await admin('POST', 'reset');
    expect(fake.calls()).toEqual([]);
  });
});
