import { describe, expect, it } from 'vitest';
import { validateCustomerIoBatchItem, validateCustomerIoBody } from '../../helpers/customerio-openapi';
import { sdkRequests } from './helpers';

// The helper Floe's tests and the Customer.io fake check bodies with: the OpenAPI file as
// written by default, or with its overlapping oneOfs read as anyOf.

const sdkBatch = sdkRequests().find((r) => r.path === '/v1/batch')!.body as { batch: Record<string, unknown>[] };

describe('validateCustomerIoBody, the file as written', () => {
  it.each([
    ['/identify', { userId: 'u1', traits: { email: 'a@b.c', createdAt: '2024-01-01T00:00:00Z' } }],
    ['/identify', { anonymousId: 'a1' }],
    ['/track', { type: 'track', userId: 'u1', event: 'signed_up', properties: { plan: 'pro' } }],
    ['/page', { userId: 'u1', name: 'Home' }],
    ['/screen', { anonymousId: 'a1', name: 'Dashboard' }],
    ['/alias', { userId: 'u1', previousId: 'anon-1' }],
    ['/batch', { batch: [{ type: 'identify', userId: 'u1' }, { type: 'track', anonymousId: 'a1', event: 'x' }, { type: 'group', userId: 'u1', groupId: 'g1' }] }],
  ] as const)('%s %j is valid', (path, body) => {
    expect(validateCustomerIoBody(path, body)).toEqual([]);
  });

  it('names where and what: format, type, required', () => {
    expect(validateCustomerIoBody('/identify', { userId: 'u1', timestamp: 'yesterday' })).toContain('timestamp: must match format "date-time"');
    expect(validateCustomerIoBody('/alias', { userId: 'u1' })).toEqual(["body: must have required property 'previousId'"]);
    expect(validateCustomerIoBody('/batch', { batch: [{ type: 'page', userId: 7 }] })).toContain('batch[0].userId: must be string');
  });

  // These are why the fake reads oneOf as anyOf (README "Where the SDK wins"): each is sent by
  // the official SDK or is an ordinary call, and the file as written refuses it because two of
  // its oneOf branches fit at once.
  it.each([
    ['a batched track with a userId (known and anonymous branches both fit)', '/batch', { batch: [{ type: 'track', userId: 'u1', event: 'x' }] }, /^batch\[0\]: must match exactly one schema in oneOf, but it matches Known User and Anonymous User$/],
    ['a context (mobile and non-mobile both fit)', '/identify', { userId: 'u1', context: { library: { name: 'x' } } }, /^context: must match exactly one schema in oneOf, but it matches Non-mobile and Mobile$/],
    ['a group call (neither person branch requires an id)', '/group', { userId: 'u1', groupId: 'g1' }, /must match exactly one schema in oneOf, but it matches Known User and Anonymous User/],
    ['both ids on identify', '/identify', { userId: 'u1', anonymousId: 'a1' }, /but it matches Known User and Anonymous User/],
  ] as const)('as written it refuses %s; read with oneOf as anyOf it accepts it', (_what, path, body, line) => {
    expect(validateCustomerIoBody(path, body)).toEqual(expect.arrayContaining([expect.stringMatching(line)]));
    expect(validateCustomerIoBody(path, body, { oneOfAsAnyOf: true })).toEqual([]);
  });

  it('the official SDK’s batch passes with oneOf as anyOf, except its alias, which the file leaves out of batches', () => {
    const lines = validateCustomerIoBody('/batch', sdkBatch, { oneOfAsAnyOf: true });
    const alias = sdkBatch.batch.findIndex((c) => c.type === 'alias');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith(`batch[${alias}]`))).toBe(true);
    expect(validateCustomerIoBody('/batch', { ...sdkBatch, batch: sdkBatch.batch.filter((c) => c.type !== 'alias') }, { oneOfAsAnyOf: true })).toEqual([]);
  });

  it('with oneOf as anyOf, a failed alternative is explained by its closest branch only', () => {
    expect(validateCustomerIoBody('/identify', { userId: 'u1', traits: 'x' }, { oneOfAsAnyOf: true })).toEqual(['traits: must be object']);
    expect(validateCustomerIoBody('/track', { type: 'track', userId: 'u1', event: 'x', properties: [] }, { oneOfAsAnyOf: true })).toEqual(['properties: must be object']);
  });
});

describe('validateCustomerIoBatchItem', () => {
  it('checks an item against its type’s branch of the batch schema, lines starting batch[i]', () => {
    expect(sdkBatch.batch.map((item, i) => validateCustomerIoBatchItem(item, i, { oneOfAsAnyOf: true }))).toEqual(sdkBatch.batch.map(() => []));
    expect(validateCustomerIoBatchItem({ type: 'track', userId: 'u1' }, 4, { oneOfAsAnyOf: true })).toEqual(["batch[4]: must have required property 'event'"]);
    expect(validateCustomerIoBatchItem({ type: 'group', userId: 'u1', groupId: 'g', traits: 1 }, 2, { oneOfAsAnyOf: true })).toEqual(['batch[2].traits: must be object']);
  });

  it('an alias item goes by the /alias schema; an unknown type is named', () => {
    expect(validateCustomerIoBatchItem({ type: 'alias', userId: 'u1' }, 0)).toEqual(["batch[0]: must have required property 'previousId'"]);
    expect(validateCustomerIoBatchItem({ type: 'delete' }, 3)).toEqual(['batch[3].type: must be one of identify, track, page, screen, group, alias']);
  });
});
