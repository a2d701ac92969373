import { describe, expect, it } from 'vitest';
import { CustomerIoSettings, dataTypeOf, presetFor } from '../../../../shared/destinations';
import { customerIoShaper } from '../../../../electron/engine/destinations/customerio/checks';
import { basicAuth, batchBody, callBody, headersFor, urlFor } from '../../../../electron/engine/destinations/customerio/requests';
import { readAnswer } from '../../../../electron/engine/destinations/customerio/response';
import type { OutRecord } from '../../../../electron/engine/delivery/batcher';

const shaper = (type: string) => customerIoShaper(dataTypeOf('customerio', type)!);
const record = (payload: Record<string, unknown>, key = 'k1'): OutRecord => ({
  rowKey: key, idempotencyKey: `idem-${key}`, op: 'upsert', payload, json: JSON.stringify(payload), hash: key, watermark: null, source: null, bytes: 0,
});

describe('Customer.io: checks made before sending, per call type', () => {
  it.each<[string, Record<string, unknown>]>([
    ['identify', { userId: 'u1', traits: { email: 'a@b.c' } }],
    ['identify', { anonymousId: 'anon_1' }],
    ['track', { userId: 'u1', event: 'signed_up', properties: { plan: 'pro' }, timestamp: '2024-01-01T00:00:00.000Z' }],
    ['group', { groupId: 'acme', userId: 'u1', traits: { name: 'Acme' } }],
    ['page', { anonymousId: 'anon_1', name: 'Home', properties: { url: 'https://x.y/' } }],
    ['screen', { userId: 'u1', name: 'Dashboard' }],
    ['alias', { userId: 'u1', previousId: 'anon_1' }],
  ])('passes a complete %s call', (type, payload) => {
    expect(shaper(type).check({ ...payload })).toBeNull();
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['identify', { traits: { email: 'a@b.c' } }, /userId or anonymousId is required/],
    ['identify', { userId: null, anonymousId: '' }, /userId or anonymousId is required/],
    ['track', { userId: 'u1' }, /event is required for track calls/],
    ['group', { userId: 'u1' }, /groupId is required/],
    ['alias', { userId: 'u1' }, /previousId is required/],
    ['track', { userId: 'u1', event: 'e', timestamp: '01/02/2024' }, /timestamp must be an ISO-8601/],
    ['track', { userId: 'u1', event: 'e', properties: [1, 2] }, /properties must be an object/],
    ['identify', { userId: { id: 1 } }, /userId must be text/],
  ])('rejects a %s call %o with the reason', (type, payload, reason) => {
    expect(shaper(type).check({ ...payload })).toMatch(reason);
  });

  it('sends the user id alone when a row has both ids, as Customer.io’s API file requires one or the other', () => {
    const payload: Record<string, unknown> = { userId: 'u1', anonymousId: 'anon_1', name: 'Home' };
    expect(shaper('page').check(payload)).toBeNull();
    expect(payload).toEqual({ userId: 'u1', name: 'Home' });
  });

  it('turns numeric ids into text and drops null fields', () => {
    const payload: Record<string, unknown> = { userId: 42, anonymousId: null, traits: { plan: null } };
    expect(shaper('identify').check(payload)).toBeNull();
    expect(payload).toEqual({ userId: '42', traits: { plan: null } });
  });
});

describe('Customer.io: requests', () => {
  const settings = CustomerIoSettings.parse({});

  it('batches calls with their type and the row key as messageId, in strict mode with Basic auth', () => {
    const body = JSON.parse(batchBody([record({ userId: 'u1', traits: { a: 1 } }, 'r1')], 'identify').toString());
    expect(body).toEqual({ batch: [{ userId: 'u1', traits: { a: 1 }, messageId: 'idem-r1', type: 'identify' }] });
    expect(headersFor(basicAuth('CIO_KEY'))).toMatchObject({ authorization: 'Basic Q0lPX0tFWTo=', 'x-strict-mode': '1', 'content-type': 'application/json' });
    expect(urlFor('identify', settings)).toBe('https://cdp.customer.io/v1/batch');
    expect(urlFor('identify', CustomerIoSettings.parse({ region: 'eu' }))).toBe('https://cdp-eu.customer.io/v1/batch');
  });

  it('sends alias on its own endpoint, one call per request (a batch may not carry it)', () => {
    expect(urlFor('alias', CustomerIoSettings.parse({ endpoint: 'http://127.0.0.1:9/' }))).toBe('http://127.0.0.1:9/v1/alias');
    expect(JSON.parse(callBody(record({ userId: 'u1', previousId: 'a1' }), 'alias').toString())).toEqual({ userId: 'u1', previousId: 'a1', messageId: 'idem-k1', type: 'alias' });
  });
});

describe('Customer.io: answers', () => {
  it('maps strict-mode errors to the calls they name', () => {
    const verdict = readAnswer(400, {}, JSON.stringify({ meta: { errors: ['batch[1]: userId or anonymousId is required', 'batch[1].event: required', 'something else'] } }), 3);
    expect(verdict).toEqual({ kind: 'invalid', reasons: new Map([[1, 'batch[1]: userId or anonymousId is required; batch[1].event: required']]), other: ['something else'] });
  });

  it('stops the run on 401 with where to find the key', () => {
    const verdict = readAnswer(401, {}, '', 1);
    expect(verdict.kind === 'failed' && verdict.error.stop?.remedy).toMatch(/API key.*region/);
  });

  it('retries 429 and 5xx, honouring Retry-After', () => {
    const verdict = readAnswer(429, { 'retry-after': '2' }, '', 1);
    expect(verdict.kind === 'failed' && [verdict.error.retryable, verdict.error.retryAfterMs]).toEqual([true, 2000]);
    expect(readAnswer(503, {}, '', 1)).toMatchObject({ kind: 'failed', error: { retryable: true } });
  });
});

describe('Customer.io: presets', () => {
  it('maps the demo users to identify calls by column name, the rest into traits', () => {
    const mapping = presetFor(dataTypeOf('customerio', 'identify')!, ['USER_ID', 'EMAIL', 'FIRST_NAME', 'UPDATED_AT', 'ATTRIBUTES']);
    expect(mapping.rules.map((r) => [r.target, r.source])).toEqual([
      ['userId', 'USER_ID'],
      ['traits.email', 'EMAIL'],
      ['timestamp', 'UPDATED_AT'],
    ]);
    expect(mapping.passThroughTo).toBe('traits');
  });
});
