import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHttpFake, type HttpFakeHandle } from '../../emulators/destinations/http';
import { admin, post, rows, type PostOptions } from './helpers';

// The contract over real HTTP: formats, gzip, auth, limits, per-record results, dedup, admin.

let fake: HttpFakeHandle;

beforeAll(async () => {
  fake = await startHttpFake({ maxRecordsPerBatch: 50, maxBodyBytes: 64 * 1024 });
});

beforeEach(() => {
  fake.reset();
  fake.setRejectWhen(null);
});

afterAll(async () => {
  await fake.close();
});

describe('accepting batches', () => {
  it('binds 127.0.0.1 on a random port and exposes the ingest URL', () => {
    expect(fake.url).toBe(`http://127.0.0.1:${fake.port}/ingest`);
    expect(fake.port).toBeGreaterThan(0);
  });

  it.each<[string, PostOptions]>([
    ['JSON array', { format: 'json' }],
    ['NDJSON', { format: 'ndjson' }],
    ['gzipped JSON', { format: 'json', gzip: true }],
    ['gzipped NDJSON', { format: 'ndjson', gzip: true }],
  ])('%s → 200 with per-record results', async (_name, opts) => {
    const r = await post(fake, rows(3), opts);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      accepted: 3,
      duplicates: 0,
      rejected: 0,
      results: [0, 1, 2].map((i) => ({ index: i, id: `r-${i}`, status: 'accepted' })),
    });
    expect(fake.accepted()).toEqual(rows(3));
    expect(fake.batches()).toEqual([expect.objectContaining({ format: opts.format, gzip: !!opts.gzip, records: 3, ackDropped: false })]);
  });

  it('deduplicates across batches and within a batch, keeping acceptance order', async () => {
    await post(fake, rows(3));
    const r = await post(fake, [...rows(5).slice(2), { _floe_id: 'r-4', n: 99 }]);
    expect(r.json).toMatchObject({ accepted: 2, duplicates: 2 });
    expect((r.json.results as { status: string }[]).map((x) => x.status)).toEqual(['duplicate', 'accepted', 'accepted', 'duplicate']);
    expect(fake.accepted()).toEqual(rows(5));
    expect(fake.stats()).toMatchObject({ requests: 2, batches: 2, accepted: 5, duplicates: 2, rejected: 0, statusCounts: { '200': 2 } });
  });

  it('rejects single records by rule; their ids stay free for a later batch', async () => {
    fake.setRejectWhen((rec) => (typeof rec.n === 'number' && rec.n % 2 === 1 ? `n=${rec.n} is odd` : null));
    const r = await post(fake, rows(4));
    expect(r.status).toBe(200);
    expect(r.json.results).toEqual([
      { index: 0, id: 'r-0', status: 'accepted' },
      { index: 1, id: 'r-1', status: 'rejected', error: 'n=1 is odd' },
      { index: 2, id: 'r-2', status: 'accepted' },
      { index: 3, id: 'r-3', status: 'rejected', error: 'n=3 is odd' },
    ]);
    fake.setRejectWhen(null);
    const again = await post(fake, rows(4));
    expect(again.json).toMatchObject({ accepted: 2, duplicates: 2, rejected: 0 });
    expect(fake.accepted().map((x) => x._floe_id)).toEqual(['r-0', 'r-2', 'r-1', 'r-3']);
    expect(fake.stats()).toMatchObject({ accepted: 4, duplicates: 2, rejected: 2 });
  });

  it('answers 500 with the reason when rejectWhen throws, storing nothing', async () => {
    fake.setRejectWhen(() => {
      throw new Error('rule exploded');
    });
    const r = await post(fake, rows(2));
    expect(r.status).toBe(500);
    expect(r.json.error).toMatch(/rule exploded/);
    expect(fake.accepted()).toEqual([]);
  });

  it('accepts a repeated Idempotency-Key for the same batch, 422 for another batch', async () => {
    const headers = { 'Idempotency-Key': 'batch-1' };
    expect((await post(fake, rows(2), { headers })).status).toBe(200);
    const again = await post(fake, rows(2), { headers });
    expect(again.json).toMatchObject({ accepted: 0, duplicates: 2 });
    const other = await post(fake, rows(3), { headers });
    expect(other.status).toBe(422);
    expect(other.json.error).toMatch(/batch-1/);
    expect(fake.batches().map((b) => b.idempotencyKey)).toEqual(['batch-1', 'batch-1']);
  });
});

describe('rejecting batches', () => {
  const bad = (body: string | Buffer, headers: Record<string, string> = {}) => post(fake, [], { body, headers });

  it('400 naming the index of a record without the id field', async () => {
    const r = await post(fake, [{ _floe_id: 'a' }, { id: 'b' }]);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ index: 1, error: expect.stringContaining('_floe_id') });
    expect(fake.accepted()).toEqual([]);
  });

  it('400 when a body claims gzip but is not gzip, or is a truncated gzip', async () => {
    const notGzip = await bad(JSON.stringify(rows(1)), { 'Content-Encoding': 'gzip' });
    expect(notGzip.status).toBe(400);
    expect(notGzip.json.error).toMatch(/not gzip/);
    const gz = gzipSync(JSON.stringify(rows(20)));
    const truncated = await bad(gz.subarray(0, gz.length - 10), { 'Content-Encoding': 'gzip' });
    expect(truncated.status).toBe(400);
    expect(truncated.json.error).toMatch(/corrupt/);
  });

  it.each([
    ['an unknown Content-Encoding', { 'Content-Encoding': 'br' }, 415],
    ['an unknown Content-Type', { 'Content-Type': 'text/csv' }, 415],
  ])('%s → %i', async (_name, headers, status) => {
    expect((await bad(JSON.stringify(rows(1)), headers)).status).toBe(status);
  });

  it('413 over maxRecordsPerBatch, naming the limit', async () => {
    const r = await post(fake, rows(51), { format: 'ndjson' });
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ limit: 'maxRecordsPerBatch', max: 50, actual: 51 });
  });

  it('413 over maxBodyBytes, measured after gunzip', async () => {
    const big = [{ _floe_id: 'big', pad: 'x'.repeat(70 * 1024) }];
    const gz = await post(fake, big, { gzip: true });
    expect(gz.status).toBe(413);
    expect(gz.json).toMatchObject({ limit: 'maxBodyBytes', max: 64 * 1024 });
    const plain = await post(fake, big);
    expect(plain.status).toBe(413);
    expect(plain.json).toMatchObject({ limit: 'maxBodyBytes', max: 64 * 1024 });
    // A wire body far over the limit is read to the end, so the client still gets the 413.
    const huge = await post(fake, [{ _floe_id: 'huge', pad: 'x'.repeat(1024 * 1024) }]);
    expect(huge.status).toBe(413);
    expect(fake.accepted()).toEqual([]);
  });

  it('404 on other paths and 405 on other methods', async () => {
    expect((await post(new URL('/other', fake.url).href, rows(1))).status).toBe(404);
    const get = await fetch(fake.url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});

describe('auth and required headers', () => {
  let secured: HttpFakeHandle;
  let basic: HttpFakeHandle;

  beforeAll(async () => {
    secured = await startHttpFake({ auth: { bearer: 's3cret' }, requiredHeaders: { 'X-Floe-Tenant': 'acme' }, path: '/v1/events' });
    basic = await startHttpFake({ auth: { basic: { username: 'floe', password: 'pw' } } });
  });

  afterAll(async () => {
    await Promise.all([secured.close(), basic.close()]);
  });

  const tenant = { 'X-Floe-Tenant': 'acme' };
  const basicHeader = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

  it.each([
    ['no credentials', {}, 401],
    ['a wrong bearer token', { Authorization: 'Bearer nope', ...tenant }, 401],
    ['basic instead of bearer', { Authorization: basicHeader('s3cret', ''), ...tenant }, 401],
    ['the right token but no required header', { Authorization: 'Bearer s3cret' }, 400],
    ['the right token and a wrong required header', { Authorization: 'Bearer s3cret', 'X-Floe-Tenant': 'other' }, 400],
    ['the right token and header', { Authorization: 'Bearer s3cret', ...tenant }, 200],
  ])('bearer: %s → %i', async (_name, headers, status) => {
    const r = await post(secured, rows(1), { headers });
    expect(r.status).toBe(status);
    if (status === 401) {
      expect(r.json).toEqual({ error: 'unauthorized' });
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    if (status === 400) expect(r.json.error).toMatch(/X-Floe-Tenant/);
  });

  it.each([
    ['no credentials', undefined, 401],
    ['a wrong password', basicHeader('floe', 'nope'), 401],
    ['a wrong user', basicHeader('other', 'pw'), 401],
    ['the right credentials', basicHeader('floe', 'pw'), 200],
  ])('basic: %s → %i', async (_name, authorization, status) => {
    const r = await post(basic, rows(1), { headers: authorization ? { Authorization: authorization } : {} });
    expect(r.status).toBe(status);
    if (status === 401) expect(r.json).toEqual({ error: 'unauthorized' });
  });

  it('serves the configured path', () => {
    expect(secured.url).toBe(`http://127.0.0.1:${secured.port}/v1/events`);
  });
});

describe('admin endpoints', () => {
  it('GET records and stats, POST reset, and they bypass faults and counters', async () => {
    await post(fake, rows(2), { gzip: true });
    await post(fake, [{ nope: 1 }]);
    fake.faults.fail(5);
    const records = await admin(fake, 'GET', 'records');
    expect(records).toEqual({ status: 200, json: { records: rows(2) } });
    const stats = await admin(fake, 'GET', 'stats');
    expect(stats.json).toMatchObject({ requests: 2, batches: 1, accepted: 2, statusCounts: { '200': 1, '400': 1 }, faultsInjected: 0 });
    expect((stats.json as { bytes: number }).bytes).toBeGreaterThan(0);
    expect((await admin(fake, 'GET', 'batches')).json).toMatchObject({ batches: [{ gzip: true, records: 2 }] });
    expect(await admin(fake, 'POST', 'reset')).toEqual({ status: 200, json: { ok: true } });
    expect(fake.accepted()).toEqual([]);
    expect(fake.stats()).toMatchObject({ requests: 0, accepted: 0, statusCounts: {} });
    expect(fake.faults.pending().fail.count).toBe(0);
  });

  it('POST faults arms switches, GET faults shows them, bad settings → 400', async () => {
    const set = await admin(fake, 'POST', 'faults', { rateLimit: { count: 1, retryAfterSeconds: 7 }, fail: { count: 1, status: 502 } });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ rateLimit: { count: 1, retryAfterSeconds: 7 }, fail: { count: 1, status: 502 } });
    expect((await admin(fake, 'GET', 'faults')).json).toEqual(set.json);
    const first = await post(fake, rows(1));
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '7']);
    expect((await post(fake, rows(1))).status).toBe(502);
    expect((await post(fake, rows(1))).status).toBe(200);
    const invalid = await admin(fake, 'POST', 'faults', { fail: { count: -1 } });
    expect(invalid.status).toBe(400);
    expect((await admin(fake, 'GET', 'nothing')).status).toBe(404);
  });
});
