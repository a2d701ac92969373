import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT_ID, startCluedInFake, type CluedInFake } from '../../emulators/destinations/cluedin';
import { send, type SendOptions } from './helpers';

// The CluedIn fake takes what an ingestion endpoint takes and refuses the rest with the answers
// destinations.md §4 and seed 004 describe: flags, errors, warnings and a receipt id.

const SECOND = '0d1f2e3c-4b5a-4968-8776-a5b4c3d2e1f0';
let fake: CluedInFake;
const clock = Date.parse('2026-01-01T00:00:00Z');

beforeAll(async () => {
  fake = await startCluedInFake({ endpoints: [DEFAULT_ENDPOINT_ID, SECOND], tokens: ['CLUEDIN_TOKEN', 'OTHER_TOKEN'], now: () => clock });
});

beforeEach(() => fake.reset());

afterAll(async () => {
  await fake.close();
});

type Rec = Record<string, unknown>;
const AUTH = { Authorization: 'Bearer CLUEDIN_TOKEN' };
const rec = (i: number, extra: Rec = {}): Rec => ({
  externalId: `CUST-${String(i).padStart(6, '0')}`,
  type: 'Customer',
  timestamp: `2025-08-20T03:14:${String(i % 60).padStart(2, '0')}Z`,
  properties: { name: `Customer ${i}`, country: 'AU', isActive: true },
  ...extra,
});
const tombstone = (i: number, timestamp = '2025-09-01T00:00:00Z'): Rec => ({ externalId: `CUST-${String(i).padStart(6, '0')}`, type: 'Customer', deleted: true, timestamp });
const ndjson = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

function post(records: unknown[] | string, opts: SendOptions & { format?: 'json' | 'ndjson'; url?: string } = {}) {
  const format = opts.format ?? 'json';
  const text = typeof records === 'string' ? records : format === 'json' ? JSON.stringify(records) : ndjson(records);
  const type = format === 'json' ? 'application/json' : 'application/x-ndjson';
  return send(opts.url ?? fake.endpointUrl(), text, { ...opts, headers: { 'Content-Type': type, ...AUTH, ...opts.headers } });
}
const OK = { success: true, warning: false, error: false, receiptId: expect.stringMatching(/^[0-9a-f-]{36}$/) };
const refusal = (errors: unknown[]) => ({ success: false, warning: false, error: true, errors });
const stored = () => fake.records().map(({ endpointId: _e, receiptId: _r, receivedAt: _t, ...r }) => r);

describe('paths, methods and the token', () => {
  it('404 for a path that is not an ingestion endpoint, or an unknown endpoint id; 405 with Allow for GET', async () => {
    expect(await post([rec(0)], { url: `${fake.url}/upload/api/endpoints/${DEFAULT_ENDPOINT_ID}` })).toMatchObject({
      status: 404,
      json: refusal([`no ingestion endpoint at /upload/api/endpoints/${DEFAULT_ENDPOINT_ID}: POST to /upload/api/endpoint/<endpoint id>`]),
    });
    expect(await post([rec(0)], { url: `${fake.url}/upload/api/endpoint/not-a-guid` })).toMatchObject({ status: 404 });
    const unknown = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    expect(await post([rec(0)], { url: `${fake.url}/upload/api/endpoint/${unknown}` })).toMatchObject({ status: 404, json: refusal([`no ingestion endpoint ${unknown}`]) });
    const get = await send(fake.endpointUrl(), null, { method: 'GET', headers: AUTH });
    expect([get.status, get.headers.get('allow'), get.json]).toEqual([405, 'POST', refusal(['GET is not allowed: POST the records'])]);
    expect(fake.records()).toEqual([]);
  });

  it.each([
    ['no Authorization', {}, 'Forbidden: send the API token as Authorization: Bearer <token>'],
    ['Basic instead of Bearer', { Authorization: 'Basic Q0xVRURJTl9UT0tFTjo=' }, 'Forbidden: send the API token as Authorization: Bearer <token>'],
    ['the token without "Bearer "', { Authorization: 'CLUEDIN_TOKEN' }, 'Forbidden: send the API token as Authorization: Bearer <token>'],
    ['an unknown token', { Authorization: 'Bearer NOPE' }, 'Forbidden: the API token is not valid'],
  ])('%s → 403 (seed 004: token missing/invalid), no receipt, nothing stored', async (_what, headers, error) => {
    const r = await send(fake.endpointUrl(), JSON.stringify([rec(0)]), { headers: { 'Content-Type': 'application/json', ...headers } });
    expect([r.status, r.json]).toEqual([403, refusal([error])]);
    expect(fake.records()).toEqual([]);
    expect(fake.requests()).toEqual([expect.objectContaining({ status: 403, errors: [error], receiptId: null })]);
  });

  it('any accepted token, any case of the endpoint id and of "bearer"', async () => {
    expect((await post([rec(0)], { url: fake.endpointUrl(DEFAULT_ENDPOINT_ID.toLowerCase()), headers: { Authorization: 'bearer OTHER_TOKEN' } })).status).toBe(200);
    expect(fake.records().map((r) => r.endpointId)).toEqual([DEFAULT_ENDPOINT_ID.toLowerCase()]);
  });
});

describe('the body', () => {
  it('a JSON array: 200 with the three flags and a receipt id, every record stored as sent', async () => {
    const r = await post([rec(0), rec(1)]);
    expect([r.status, r.json]).toEqual([200, OK]);
    expect(stored()).toEqual([
      { ...rec(0), deleted: false },
      { ...rec(1), deleted: false },
    ]);
    const receipt = (r.json as { receiptId: string }).receiptId;
    expect(fake.records().every((x) => x.receiptId === receipt && x.receivedAt === clock)).toBe(true);
    expect(fake.requests()).toEqual([expect.objectContaining({ status: 200, format: 'json', gzip: false, records: 2, stored: 2, duplicates: 0, receiptId: receipt, warnings: [], errors: [] })]);
  });

  it('each request gets its own receipt id', async () => {
    const a = await post([rec(0)]);
    const b = await post([rec(1)]);
    expect((a.json as Rec).receiptId).not.toBe((b.json as Rec).receiptId);
  });

  it('NDJSON (one trailing newline or none), gzip-compressed or not', async () => {
    expect((await post([rec(0), rec(1)], { format: 'ndjson' })).json).toEqual(OK);
    expect((await post([rec(2)], { format: 'ndjson', gzip: true })).json).toEqual(OK);
    expect((await post(JSON.stringify(rec(3)), { format: 'ndjson' })).status).toBe(200);
    expect((await post([rec(4)], { gzip: true })).status).toBe(200);
    expect(stored().map((r) => r.externalId)).toEqual(['CUST-000000', 'CUST-000001', 'CUST-000002', 'CUST-000003', 'CUST-000004']);
    expect(fake.requests().map((r) => [r.format, r.gzip])).toEqual([
      ['ndjson', false],
      ['ndjson', true],
      ['ndjson', false],
      ['json', true],
    ]);
  });

  it('a single JSON object is one record (the seed’s relay function posts one)', async () => {
    expect((await post(JSON.stringify(rec(0)))).json).toEqual(OK);
    expect(stored()).toEqual([{ ...rec(0), deleted: false }]);
  });

  it.each([
    ['broken JSON', '[{"externalId":', 'json', /^the body is not valid JSON: /],
    ['a broken NDJSON line', `${JSON.stringify(rec(0))}\n{"externalId"\n`, 'ndjson', /^NDJSON line 2 is not valid JSON: /],
    ['a blank NDJSON line', `${JSON.stringify(rec(0))}\n\n${JSON.stringify(rec(1))}\n`, 'ndjson', /^NDJSON line 2 is empty$/],
    ['an empty array', '[]', 'json', /^the body holds no records$/],
    ['an empty NDJSON body', '', 'ndjson', /^the body holds no records$/],
  ] as const)('%s → 400 with the errors and a receipt id, nothing stored', async (_what, text, format, error) => {
    const r = await post(text, { format });
    expect([r.status, r.json]).toEqual([400, { ...refusal([expect.stringMatching(error)]), receiptId: expect.stringMatching(/^[0-9a-f-]{36}$/) }]);
    expect(fake.records()).toEqual([]);
    expect(fake.requests()[0]).toMatchObject({ status: 400, receiptId: (r.json as Rec).receiptId });
  });

  it('not UTF-8 → 400', async () => {
    const r = await send(fake.endpointUrl(), Buffer.from([0x5b, 0xff, 0x5d]), { headers: { 'Content-Type': 'application/json', ...AUTH } });
    expect([r.status, (r.json as Rec).errors]).toEqual([400, ['the body is not valid UTF-8']]);
  });

  it.each([
    ['text/csv', 'Content-Type must be application/json or application/x-ndjson (UTF-8), got "text/csv"'],
    ['application/json; charset=utf-16', 'Content-Type must be application/json or application/x-ndjson (UTF-8), got "application/json; charset=utf-16"'],
  ])('Content-Type %s → 415', async (type, error) => {
    const r = await send(fake.endpointUrl(), JSON.stringify([rec(0)]), { headers: { ...AUTH, 'Content-Type': type } });
    expect([r.status, r.json]).toEqual([415, refusal([error])]);
  });

  it('Content-Encoding: another → 415; gzip that is not → 400', async () => {
    const br = await post([rec(0)], { headers: { 'Content-Encoding': 'br' } });
    expect([br.status, br.json]).toEqual([415, refusal(['unsupported Content-Encoding "br" (only gzip)'])]);
    const fakeGzip = await post([rec(0)], { headers: { 'Content-Encoding': 'gzip' } });
    expect([fakeGzip.status, fakeGzip.json]).toEqual([400, refusal(['Content-Encoding is gzip but the body is not gzip data'])]);
  });
});

describe('batch limits (→ 413)', () => {
  it('5000 records are taken; 5001 → 413, as JSON and as NDJSON', async () => {
    const many = Array.from({ length: 5001 }, (_, i) => rec(i, { externalId: `C-${i}` }));
    expect((await post(many.slice(0, 5000), { format: 'ndjson', gzip: true })).status).toBe(200);
    for (const format of ['json', 'ndjson'] as const) {
      const r = await post(many, { format });
      expect([r.status, r.json]).toEqual([413, refusal(['the body holds 5001 records; at most 5000 are accepted in one request'])]);
    }
    expect(fake.records()).toHaveLength(5000);
  });

  it('the size limit is on the body as sent: gzip gets the same records under it', async () => {
    const small = await startCluedInFake({ maxBodyBytes: 4096 });
    try {
      const records = Array.from({ length: 40 }, (_, i) => rec(i));
      const plain = JSON.stringify(records);
      expect(plain.length).toBeGreaterThan(4096);
      const over = await send(small.endpointUrl(), plain, { headers: { 'Content-Type': 'application/json', ...AUTH } });
      expect([over.status, over.json]).toEqual([413, refusal([`the request body is ${plain.length} bytes; at most 4096 are accepted (send fewer records, or gzip them)`])]);
      expect(gzipSync(plain).length).toBeLessThan(4096);
      expect((await send(small.endpointUrl(), plain, { gzip: true, headers: { 'Content-Type': 'application/json', ...AUTH } })).status).toBe(200);
      expect(small.records()).toHaveLength(40);
    } finally {
      await small.close();
    }
  });

  it('a gzip bomb stops at maxDecodedBytes → 413', async () => {
    const small = await startCluedInFake({ maxDecodedBytes: 10_000 });
    try {
      const r = await send(small.endpointUrl(), JSON.stringify([rec(0, { properties: { blob: 'x'.repeat(20_000) } })]), { gzip: true, headers: { 'Content-Type': 'application/json', ...AUTH } });
      expect([r.status, r.json]).toEqual([413, refusal(['the body is over 10000 bytes once gunzipped'])]);
    } finally {
      await small.close();
    }
  });
});

describe('records', () => {
  const props = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]));

  it.each([
    ['not an object', 'CUST-1', 'record 1: a record must be a JSON object'],
    ['no externalId', rec(1, { externalId: undefined }), 'record 1: externalId is required (a non-empty string)'],
    ['a numeric externalId', rec(1, { externalId: 123 }), 'record 1: externalId is required (a non-empty string)'],
    ['no type', rec(1, { type: '' }), 'record 1: type is required (a non-empty string)'],
    ['no timestamp', rec(1, { timestamp: undefined }), 'record 1: timestamp must be an ISO-8601 date-time with a zone, got undefined'],
    ['a timestamp without a zone', rec(1, { timestamp: '2025-08-20 03:14:07' }), 'record 1: timestamp must be an ISO-8601 date-time with a zone, got "2025-08-20 03:14:07"'],
    ['epoch milliseconds as timestamp', rec(1, { timestamp: 1755659647000 }), 'record 1: timestamp must be an ISO-8601 date-time with a zone, got 1755659647000'],
    ['no properties', rec(1, { properties: undefined }), 'record 1: properties is required (a JSON object)'],
    ['properties as an array', rec(1, { properties: [1] }), 'record 1: properties is required (a JSON object)'],
    ['an unknown field', rec(1, { props: {} }), 'record 1: unknown field "props" (a record has externalId, type, timestamp and properties, or deleted: true for a tombstone)'],
    ['deleted as a string', rec(1, { deleted: 'yes' }), 'record 1: deleted must be true (a tombstone) or false, got "yes"'],
    ['a tombstone with properties', { ...tombstone(1), properties: { a: 1 } }, 'record 1: a tombstone (deleted: true) carries no properties'],
    ['491 properties', rec(1, { properties: props(491) }), 'record 1: 491 properties; at most 490 are accepted'],
    ['an empty property name', rec(1, { properties: { '': 1 } }), 'record 1: a property name is empty'],
    ['a control character in a name', rec(1, { properties: { 'a\tb': 1 } }), 'record 1: property name "a\\tb" has a control character, which CluedIn does not support'],
    ['a cleaned name the record already has', rec(1, { properties: { 'first name': 'A', first_name: 'B' } }), 'record 1: property "first name" would be renamed to "first_name", which the record already has'],
  ])('%s → 400 naming the record, nothing of the request stored', async (_what, bad, error) => {
    const r = await post([rec(0), bad, rec(2)]);
    expect([r.status, r.json]).toEqual([400, { ...refusal([error]), receiptId: expect.any(String) }]);
    expect(fake.records()).toEqual([]);
    expect(fake.requests()[0]).toMatchObject({ status: 400, records: 3, stored: 0, errors: [error] });
  });

  it('every problem of every record is named, in order', async () => {
    const r = await post([rec(0, { type: undefined, properties: undefined }), rec(1), rec(2, { externalId: '' })]);
    expect((r.json as Rec).errors).toEqual([
      'record 0: type is required (a non-empty string)',
      'record 0: properties is required (a JSON object)',
      'record 2: externalId is required (a non-empty string)',
    ]);
  });

  it('490 properties, any JSON values, deleted: false and the seed’s exact example are taken', async () => {
    const seed = { externalId: 'CUST-000123', type: 'Customer', timestamp: '2025-08-20T03:14:07Z', properties: { name: 'Acme Pty Ltd', country: 'AU', email: 'ap@acme.example', isActive: true, updatedAt: '2025-08-20T03:14:07Z' } };
    const edge = [seed, rec(1, { properties: props(490) }), rec(2, { deleted: false, properties: { n: null, list: [1, 'a'], nested: { a: { b: 1 } } } }), rec(3, { timestamp: '2025-08-20T05:14:07.123+02:00' })];
    expect((await post(edge)).json).toEqual(OK);
    expect(stored()).toEqual(edge.map((r) => ({ ...r, deleted: false })));
  });

  it('names with spaces or dots are cleaned, stored so, and each reported as a warning in a 200', async () => {
    const r = await post([rec(0, { properties: { 'first name': 'Ann', 'address.city': 'Perth', 'a b.c': 1, plain: 2 } }), rec(1)]);
    expect([r.status, r.json]).toEqual([
      200,
      {
        success: true,
        warning: true,
        error: false,
        warnings: [
          'record 0: property "first name" was renamed to "first_name" (spaces and dots are not allowed in property names)',
          'record 0: property "address.city" was renamed to "address_city" (spaces and dots are not allowed in property names)',
          'record 0: property "a b.c" was renamed to "a_b_c" (spaces and dots are not allowed in property names)',
        ],
        receiptId: expect.any(String),
      },
    ]);
    expect(fake.records()[0]!.properties).toEqual({ first_name: 'Ann', address_city: 'Perth', a_b_c: 1, plain: 2 });
    expect(fake.stats()).toMatchObject({ warnings: 3, accepted: 2 });
    expect(fake.requests()[0]!.warnings).toHaveLength(3);
  });
});

describe('tombstones, duplicates and entities', () => {
  it('a tombstone is stored and marks the entity deleted', async () => {
    await post([rec(1), rec(2)]);
    expect((await post([tombstone(1)])).json).toEqual(OK);
    expect(fake.tombstones()).toEqual([expect.objectContaining({ externalId: 'CUST-000001', deleted: true, timestamp: '2025-09-01T00:00:00Z' })]);
    expect(fake.tombstones()[0]).not.toHaveProperty('properties');
    expect(fake.entities().map((e) => [e.externalId, e.deleted, e.versions])).toEqual([
      ['CUST-000001', true, 2],
      ['CUST-000002', false, 1],
    ]);
    expect(fake.stats()).toMatchObject({ accepted: 3, tombstones: 1 });
  });

  it('the same externalId and timestamp again is a duplicate: answered 200, not stored twice (in a later request or the same one)', async () => {
    await post([rec(1), rec(2)]);
    const again = await post([rec(2), rec(3), rec(3), rec(1, { timestamp: '2025-08-20T03:14:01.000Z' })]);
    expect(again.json).toEqual(OK);
    expect(stored().map((r) => r.externalId)).toEqual(['CUST-000001', 'CUST-000002', 'CUST-000003']);
    expect(fake.requests().map((r) => [r.records, r.stored, r.duplicates])).toEqual([
      [2, 2, 0],
      [4, 1, 3],
    ]);
    expect(fake.stats()).toMatchObject({ accepted: 3, duplicates: 3 });
  });

  it('a newer timestamp is a new version; the entity holds the newest, whatever the order of arrival', async () => {
    await post([rec(1, { timestamp: '2025-08-21T00:00:00Z', properties: { name: 'new' } })]);
    await post([rec(1, { timestamp: '2025-08-20T00:00:00Z', properties: { name: 'old' } })]);
    expect(fake.records()).toHaveLength(2);
    expect(fake.entities()).toEqual([
      { endpointId: DEFAULT_ENDPOINT_ID.toLowerCase(), type: 'Customer', externalId: 'CUST-000001', timestamp: '2025-08-21T00:00:00Z', deleted: false, properties: { name: 'new' }, versions: 2 },
    ]);
  });

  it('each endpoint keeps its own records; the same record in another endpoint is no duplicate', async () => {
    await post([rec(1)]);
    await post([rec(1)], { url: fake.endpointUrl(SECOND) });
    expect(fake.records(DEFAULT_ENDPOINT_ID)).toHaveLength(1);
    expect(fake.records(SECOND)).toHaveLength(1);
    expect(fake.entities(SECOND)).toEqual([expect.objectContaining({ endpointId: SECOND, externalId: 'CUST-000001' })]);
    expect(fake.stats().duplicates).toBe(0);
  });

  it('the same externalId with another type is another entity', async () => {
    await post([rec(1), rec(1, { type: 'Address' })]);
    expect(fake.entities().map((e) => e.type)).toEqual(['Customer', 'Address']);
  });
});
