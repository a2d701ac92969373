import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCustomerIoFake, type CustomerIoFake } from '../../emulators/destinations/customerio';
import { basicAuth, postJson, send } from './helpers';

// The Customer.io fake in its two modes (destinations.md §2, §7): with X-Strict-Mode: 1 a bad
// request is answered 400/401 and stores nothing; without it the answer is 200 {} and what is
// invalid is dropped, the way the real API hides its errors.

let fake: CustomerIoFake;

beforeAll(async () => {
  fake = await startCustomerIoFake();
});

beforeEach(() => fake.reset());

afterAll(async () => {
  await fake.close();
});

type Call = Record<string, unknown>;
const AUTH = { Authorization: basicAuth('CIO_KEY') };
const STRICT = { ...AUTH, 'X-Strict-Mode': '1' };
const identify = (i: number, extra: Call = {}): Call => ({ type: 'identify', userId: `user-${i}`, traits: { email: `u${i}@example.com` }, messageId: `m-${i}`, ...extra });
const batch = (...calls: unknown[]) => ({ batch: calls });
const v1 = (path: string) => `${fake.url}/v1/${path}`;

describe('paths and auth', () => {
  it('404 for another path, 405 for another method', async () => {
    expect(await postJson(v1('people'), {}, { headers: STRICT })).toMatchObject({ status: 404, json: { meta: { errors: [expect.stringMatching(/no endpoint at \/v1\/people/)] } } });
    const get = await send(v1('batch'), null, { method: 'GET', headers: STRICT });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
  });

  it.each([
    ['no Authorization', {}],
    ['an unknown key', { Authorization: basicAuth('NOPE') }],
    ['a password', { Authorization: `Basic ${Buffer.from('CIO_KEY:secret').toString('base64')}` }],
    ['Bearer instead of Basic', { Authorization: 'Bearer CIO_KEY' }],
  ])('%s: strict → 401 {meta:{errors}}, permissive → 200 {} and nothing stored', async (_what, headers) => {
    const strict = await postJson(v1('batch'), batch(identify(1)), { headers: { ...headers, 'X-Strict-Mode': '1' } });
    expect(strict.status).toBe(401);
    expect(strict.json).toEqual({ meta: { errors: [expect.stringMatching(/^unauthorized/)] } });
    const permissive = await postJson(v1('batch'), batch(identify(1)), { headers });
    expect([permissive.status, permissive.json]).toEqual([200, {}]);
    expect(fake.calls()).toEqual([]);
    expect(fake.requests().map((r) => [r.status, r.strict, r.errors.length])).toEqual([
      [401, true, 1],
      [200, false, 1],
    ]);
  });

  it('a body that is not application/json: strict 400, permissive dropped', async () => {
    const opts = { 'Content-Type': 'text/plain' };
    expect((await send(v1('identify'), JSON.stringify(identify(1)), { headers: { ...STRICT, ...opts } })).status).toBe(400);
    expect((await send(v1('identify'), JSON.stringify(identify(1)), { headers: { ...AUTH, ...opts } })).json).toEqual({});
    expect(fake.calls()).toEqual([]);
  });
});

describe('single calls', () => {
  const valid: [string, Call][] = [
    ['identify', { userId: 'user-1', traits: { email: 'a@b.c', createdAt: '2024-01-01T00:00:00Z' } }],
    ['track', { anonymousId: 'anon-1', event: 'signed_up', properties: { plan: 'pro' } }],
    ['page', { userId: 'user-1', name: 'Home', properties: { url: 'https://x.y/' } }],
    ['screen', { userId: 'user-1', name: 'Dashboard' }],
    ['group', { userId: 'user-1', groupId: 'acme', traits: { object_type_id: '1' } }],
    ['alias', { userId: 'user-1', previousId: 'anon-1' }],
  ];

  it.each(valid)('/v1/%s in strict mode → 200 {}, stored with type from the endpoint', async (type, call) => {
    const r = await postJson(v1(type), call, { headers: STRICT });
    expect([r.status, r.json]).toEqual([200, {}]);
    expect(fake.calls()).toEqual([{ ...call, type, endpoint: `/v1/${type}`, strict: true, receivedAt: expect.any(Number) }]);
  });

  it.each([
    ['identify', { traits: {} }, 'identify needs a userId or an anonymousId'],
    ['identify', { userId: '' }, 'identify needs a userId or an anonymousId'],
    ['page', { name: 'Home' }, 'page needs a userId or an anonymousId'],
    ['screen', { anonymousId: '' }, 'screen needs a userId or an anonymousId'],
    ['track', { userId: 'user-1' }, 'track needs an event name'],
    ['track', { event: 'x' }, 'track needs a userId, an anonymousId or a groupId'],
    ['group', { userId: 'user-1' }, 'group needs a groupId'],
    ['alias', { userId: 'user-1' }, 'alias needs a previousId'],
    ['alias', { previousId: 'anon-1' }, 'alias needs a userId'],
    ['identify', { userId: 'user-1', timestamp: 1704067200000 }, 'timestamp must be an ISO-8601 date-time with a zone, got 1704067200000'],
    ['identify', { userId: 'user-1', timestamp: '2024-01-01 00:00:00' }, 'timestamp must be an ISO-8601 date-time with a zone, got "2024-01-01 00:00:00"'],
    ['identify', { userId: 'user-1', traits: 'x' }, 'traits: must be object'],
    ['identify', { userId: 'user-1', sentAt: 'yesterday' }, 'sentAt: must match format "date-time"'],
    ['track', { userId: 'user-1', event: 'x', integrations: { All: 'yes' } }, 'integrations.All: must be boolean'],
    ['track', { type: 'identify', userId: 'user-1', event: 'x' }, 'type "identify" does not match /v1/track'],
  ])('/v1/%s %j: strict → 400 "%s"; permissive → 200 {}, dropped', async (type, call, message) => {
    const strict = await postJson(v1(type), call, { headers: STRICT });
    expect([strict.status, strict.json]).toEqual([400, { meta: { errors: [message] } }]);
    const permissive = await postJson(v1(type), call, { headers: AUTH });
    expect([permissive.status, permissive.json]).toEqual([200, {}]);
    expect(fake.calls()).toEqual([]);
    expect(fake.requests()[1]).toMatchObject({ strict: false, status: 200, errors: [message], stored: 0 });
  });

  it('a call over 32 KB: strict 400, permissive dropped', async () => {
    const big = { userId: 'user-1', traits: { blob: 'x'.repeat(32 * 1024) } };
    expect((await postJson(v1('identify'), big, { headers: STRICT })).json).toEqual({ meta: { errors: [expect.stringMatching(/a call may be at most 32768 bytes \(32 KB\)/)] } });
    expect((await postJson(v1('identify'), big, { headers: AUTH })).json).toEqual({});
    expect(fake.calls()).toEqual([]);
  });

  it('broken JSON: strict 400, permissive 200 {}', async () => {
    const headers = { 'Content-Type': 'application/json' };
    expect((await send(v1('track'), '{"userId":', { headers: { ...STRICT, ...headers } })).json).toEqual({ meta: { errors: [expect.stringMatching(/^body is not valid JSON/)] } });
    expect((await send(v1('track'), '{"userId":', { headers: { ...AUTH, ...headers } })).status).toBe(200);
  });
});

describe('/v1/batch', () => {
  it('strict: every bad item named by batch[i], nothing stored', async () => {
    const r = await postJson(v1('batch'), batch(identify(0), { userId: 'user-1' }, identify(2, { userId: undefined }), { type: 'track', userId: 'user-3', event: 'x', timestamp: 'now' }, 'x', { type: 'delete' }), { headers: STRICT });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      meta: {
        errors: [
          'batch[1]: type is required in a batch item',
          'batch[2]: identify needs a userId or an anonymousId',
          'batch[3]: timestamp must be an ISO-8601 date-time with a zone, got "now"',
          'batch[4]: must be a JSON object',
          'batch[5]: type must be one of identify, track, page, screen, group, alias, got "delete"',
        ],
      },
    });
    expect(fake.calls()).toEqual([]);
  });

  it('schema problems of an item carry its index and the field', async () => {
    const r = await postJson(v1('batch'), batch(identify(0), identify(1, { traits: [1] })), { headers: STRICT });
    expect(r.json).toEqual({ meta: { errors: ['batch[1].traits: must be object'] } });
  });

  it('permissive: the valid items are stored, the invalid ones dropped, 200 {}', async () => {
    const r = await postJson(v1('batch'), batch(identify(0), { userId: 'user-1' }, identify(2)), { headers: AUTH });
    expect([r.status, r.json]).toEqual([200, {}]);
    expect(fake.calls().map((c) => c.userId)).toEqual(['user-0', 'user-2']);
    expect(fake.stats()).toMatchObject({ accepted: 2, dropped: 1 });
    expect(fake.requests()[0]).toMatchObject({ calls: 3, stored: 2, errors: ['batch[1]: type is required in a batch item'] });
  });

  it('alias inside a batch: refused in strict mode, accepted without it (the official SDK batches alias)', async () => {
    const alias = { type: 'alias', userId: 'user-1', previousId: 'anon-1', messageId: 'a-1' };
    expect((await postJson(v1('batch'), batch(identify(0), alias), { headers: STRICT })).json).toEqual({
      meta: { errors: ['batch[1]: alias is not accepted in /v1/batch in strict mode; send it to /v1/alias'] },
    });
    expect((await postJson(v1('batch'), batch(identify(0), alias), { headers: AUTH })).status).toBe(200);
    expect(fake.calls().map((c) => c.type)).toEqual(['identify', 'alias']);
  });

  it.each([
    ['no batch', {}, 'batch is required: an array of calls'],
    ['an empty batch', { batch: [] }, 'batch is empty'],
    ['a context that is not an object', { batch: [identify(0)], context: 'x' }, 'context: must be object'],
  ])('%s: strict 400 "%s"', async (_what, body, message) => {
    expect((await postJson(v1('batch'), body, { headers: STRICT })).json).toEqual({ meta: { errors: [message] } });
  });

  it('an item over 32 KB is named; a batch over 500 KB is refused whole (gzip measured after gunzip)', async () => {
    const fat = (i: number) => identify(i, { traits: { blob: 'x'.repeat(30 * 1024) } });
    const item = await postJson(v1('batch'), batch(identify(0), identify(1, { traits: { blob: 'x'.repeat(33 * 1024) } })), { headers: STRICT });
    expect(item.json).toEqual({ meta: { errors: [expect.stringMatching(/^batch\[1\]: call is \d+ bytes; a call may be at most 32768 \(32 KB\)$/)] } });
    const many = batch(...Array.from({ length: 17 }, (_, i) => fat(i)));
    expect((await postJson(v1('batch'), batch(...many.batch.slice(0, 16)), { headers: STRICT, gzip: true })).status).toBe(200);
    fake.reset();
    for (const gzip of [false, true]) {
      const r = await postJson(v1('batch'), many, { headers: STRICT, gzip });
      expect(r.json).toEqual({ meta: { errors: [expect.stringMatching(/a batch may be at most 512000 bytes \(500 KB\)$/)] } });
    }
    expect((await postJson(v1('batch'), many, { headers: AUTH })).json).toEqual({});
    expect(fake.calls()).toEqual([]);
  });

  it('a messageId seen before, in any request or earlier in the same one, is answered 200 and stored once', async () => {
    await postJson(v1('identify'), identify(1, { type: undefined }), { headers: STRICT });
    const r = await postJson(v1('batch'), batch(identify(1), identify(2), identify(2)), { headers: STRICT });
    expect([r.status, r.json]).toEqual([200, {}]);
    expect(fake.calls().map((c) => [c.messageId, c.endpoint])).toEqual([
      ['m-1', '/v1/identify'],
      ['m-2', '/v1/batch'],
    ]);
    expect(fake.stats()).toMatchObject({ accepted: 2, duplicates: 2 });
  });
});
