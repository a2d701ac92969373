import { describe, expect, it } from 'vitest';
import { badRequiredHeaders, checkAuth } from '../../emulators/destinations/http/auth';
import { Faults } from '../../emulators/destinations/http/faults';
import { formatOf, parseBatch, type BatchFormat } from '../../emulators/destinations/http/parse-batch';
import { RecordStore } from '../../emulators/destinations/http/record-store';

// Table-driven tests of the fake's pure parts: content types, batch parsing, auth, dedup, faults.

const opts = { idField: '_floe_id', maxRecords: 3 };
const buf = (s: string): Buffer => Buffer.from(s, 'utf8');
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('formatOf', () => {
  it.each([
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['Application/JSON;charset="UTF-8"', 'json'],
    ['application/x-ndjson', 'ndjson'],
    ['application/x-ndjson; charset=utf8', 'ndjson'],
    ['application/json; charset=latin1', null],
    ['application/ndjson', null],
    ['text/plain', null],
    ['', null],
    [undefined, null],
  ])('%s → %s', (ct, expected) => {
    expect(formatOf(ct)).toBe(expected);
  });
});

describe('parseBatch accepts', () => {
  it.each<[string, BatchFormat, string, string[]]>([
    ['a JSON array', 'json', '[{"_floe_id":"a"},{"_floe_id":"b","x":1}]', ['a', 'b']],
    ['NDJSON with a trailing newline', 'ndjson', '{"_floe_id":"a"}\n{"_floe_id":"b"}\n', ['a', 'b']],
    ['NDJSON without a trailing newline', 'ndjson', '{"_floe_id":"a"}', ['a']],
    ['NDJSON with CRLF', 'ndjson', '{"_floe_id":"a"}\r\n{"_floe_id":"b"}\r\n', ['a', 'b']],
    ['repeated ids (dedup is the store’s job)', 'json', '[{"_floe_id":"a"},{"_floe_id":"a"}]', ['a', 'a']],
    ['exactly the record limit', 'json', JSON.stringify([1, 2, 3].map((i) => ({ _floe_id: `${i}` }))), ['1', '2', '3']],
  ])('%s', (_name, format, body, ids) => {
    const r = parseBatch(buf(body), format, opts);
    expect(r.ok && r.ids).toEqual(ids);
  });
});

describe('parseBatch rejects', () => {
  it.each<[string, BatchFormat, string | Buffer, number, Record<string, unknown>]>([
    ['invalid JSON', 'json', '[{"_floe_id":', 400, { error: expect.stringMatching(/^body is not valid JSON/) }],
    ['a JSON object instead of an array', 'json', '{"_floe_id":"a"}', 400, { error: 'body must be a JSON array of records' }],
    ['an empty array', 'json', '[]', 400, { error: 'batch is empty' }],
    ['an empty NDJSON body', 'ndjson', '', 400, { error: 'batch is empty' }],
    ['a blank NDJSON line', 'ndjson', '{"_floe_id":"a"}\n\n{"_floe_id":"b"}', 400, { index: 1, line: 2 }],
    ['a bad NDJSON line', 'ndjson', '{"_floe_id":"a"}\n{nope}\n', 400, { index: 1, line: 2, error: expect.stringMatching(/^NDJSON line 2 is not valid JSON/) }],
    ['a record that is not an object', 'json', '[{"_floe_id":"a"},[1]]', 400, { index: 1, error: 'record 1 is not a JSON object' }],
    ['a null record', 'ndjson', 'null', 400, { index: 0 }],
    ['a record without the id', 'json', '[{"_floe_id":"a"},{"_floe_id":"b"},{"id":"c"}]', 400, { index: 2, error: expect.stringContaining('"_floe_id"') }],
    ['a numeric id', 'json', '[{"_floe_id":7}]', 400, { index: 0 }],
    ['an empty id', 'json', '[{"_floe_id":""}]', 400, { index: 0 }],
    ['too many JSON records', 'json', JSON.stringify([1, 2, 3, 4].map((i) => ({ _floe_id: `${i}` }))), 413, { limit: 'maxRecordsPerBatch', max: 3, actual: 4 }],
    ['too many NDJSON lines (before parsing them)', 'ndjson', 'x\nx\nx\nx\n', 413, { limit: 'maxRecordsPerBatch', actual: 4 }],
    ['invalid UTF-8', 'json', Buffer.from([0x5b, 0xff, 0x5d]), 400, { error: 'body is not valid UTF-8' }],
  ])('%s', (_name, format, body, status, expected) => {
    const r = parseBatch(typeof body === 'string' ? buf(body) : body, format, opts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject(expected);
  });

  it('uses the configured id field', () => {
    const r = parseBatch(buf('[{"insert_id":"x"}]'), 'json', { idField: 'insert_id', maxRecords: 10 });
    expect(r.ok && r.ids).toEqual(['x']);
  });
});

describe('checkAuth', () => {
  const bearer = { bearer: 'tok' };
  const basic = { basic: { username: 'u', password: 'p:w' } };
  it.each([
    ['no auth configured, no header', undefined, undefined, true],
    ['no auth configured, any header', 'Bearer x', undefined, true],
    ['bearer ok', 'Bearer tok', bearer, true],
    ['bearer scheme is case-insensitive', 'bearer tok', bearer, true],
    ['bearer wrong token', 'Bearer nope', bearer, false],
    ['bearer missing', undefined, bearer, false],
    ['bearer sent as basic', `Basic ${b64('tok')}`, bearer, false],
    ['basic ok (colon in password)', `Basic ${b64('u:p:w')}`, basic, true],
    ['basic wrong password', `Basic ${b64('u:p')}`, basic, false],
    ['basic sent as bearer', 'Bearer u:p:w', basic, false],
    ['garbage', 'Basic', basic, false],
  ])('%s', (_name, header, auth, expected) => {
    expect(checkAuth(header, auth)).toBe(expected);
  });
});

describe('badRequiredHeaders', () => {
  it.each([
    [{ 'x-tenant': 'acme' }, { 'X-Tenant': 'acme' }, []],
    [{}, { 'X-Tenant': 'acme' }, ['X-Tenant']],
    [{ 'x-tenant': 'other' }, { 'X-Tenant': 'acme' }, ['X-Tenant']],
  ])('%j requires %j → %j', (headers, required, expected) => {
    expect(badRequiredHeaders(headers, required)).toEqual(expected);
  });
});

describe('RecordStore', () => {
  it('accepts, deduplicates across and within batches, and forgets rejected ids', () => {
    const store = new RecordStore();
    const recs = (ids: string[]) => ids.map((id) => ({ _floe_id: id }));
    const json = (ids: string[]) => JSON.stringify(recs(ids));
    const lines = (ids: string[]) => recs(ids).map((r) => JSON.stringify(r));
    const first = store.ingest(recs(['a', 'b', 'a', 'bad']), ['a', 'b', 'a', 'bad'], (r) => (r._floe_id === 'bad' ? 'nope' : null), json(['a', 'b', 'a', 'bad']));
    expect(first).toMatchObject({ accepted: 2, duplicates: 1, rejected: 1 });
    expect(first.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'duplicate', 'rejected']);
    expect(first.results[3]).toEqual({ index: 3, id: 'bad', status: 'rejected', error: 'nope' });
    const second = store.ingest(recs(['b', 'bad']), ['b', 'bad'], null, lines(['b', 'bad']));
    expect(second.results.map((r) => r.status)).toEqual(['duplicate', 'accepted']);
    expect(store.all().map((r) => r._floe_id)).toEqual(['a', 'b', 'bad']);
  });

  it('stores nothing when rejectWhen throws', () => {
    const store = new RecordStore();
    expect(() =>
      store.ingest(
        [{ _floe_id: 'a' }, { _floe_id: 'b' }],
        ['a', 'b'],
        (_r, i) => {
          if (i === 1) throw new Error('boom');
          return null;
        },
        '[{"_floe_id":"a"},{"_floe_id":"b"}]',
      ),
    ).toThrow('boom');
    expect(store.all()).toEqual([]);
  });
});

describe('Faults', () => {
  const kinds = (f: Faults, n: number) =>
    Array.from({ length: n }, () => {
      const p = f.take();
      const a = p.action;
      return `${p.delayMs ? `delay${p.delayMs}+` : ''}${!a ? 'ok' : a.kind === 'status' ? `${a.status}/${a.retryAfterSeconds}` : a.kind}`;
    });

  it('consumes counted switches in priority order, then runs clean', () => {
    const f = new Faults(2);
    f.apply({ dropConnections: 1, rateLimit: { count: 1 }, fail: { count: 1, status: 502 }, acceptThenDrop: 1, delay: { count: 2, ms: 5 } });
    expect(kinds(f, 5)).toEqual(['delay5+drop', 'delay5+429/2', '502/null', 'accept-then-drop', 'ok']);
  });

  it('429 without Retry-After when asked', () => {
    const f = new Faults(2);
    f.apply({ rateLimit: { count: 1, retryAfterSeconds: null } });
    expect(kinds(f, 1)).toEqual(['429/null']);
  });

  it('storms are a function of the seed', () => {
    const run = (seed: number): string[] => {
      const f = new Faults(null);
      f.apply({ storm: { rate429: 0.3, rate5xx: 0.2, seed } });
      return kinds(f, 200);
    };
    const a = run(42);
    expect(run(42)).toEqual(a);
    expect(run(43)).not.toEqual(a);
    const share = (k: string): number => a.filter((x) => x.startsWith(k)).length / a.length;
    expect(share('429')).toBeGreaterThan(0.2);
    expect(share('429')).toBeLessThan(0.4);
    expect(share('50')).toBeGreaterThan(0.1);
    expect(share('50')).toBeLessThan(0.3);
    expect(new Set(a.filter((x) => x.startsWith('50')))).toEqual(new Set(['500/null', '502/null', '503/null']));
  });

  it('rejects invalid settings', () => {
    const f = new Faults(1);
    expect(() => f.apply({ fail: { count: 1, status: 404 as never } })).toThrow();
    expect(() => f.apply({ storm: { rate429: 0.8, rate5xx: 0.5 } })).toThrow(/at most 1/);
    expect(() => f.apply({ bogus: 1 } as never)).toThrow();
  });
});
