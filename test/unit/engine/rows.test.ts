import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../electron/engine/rows/canonical';
import { deleteKey, identifyRow } from '../../../electron/engine/rows/idempotency';
import { mapRow } from '../../../electron/engine/mapping/map-row';
import { rowKey } from '../../../electron/engine/rows/row-key';
import { bindTemplate, usesLastSyncTime } from '../../../electron/engine/source/template';
import { Batcher, type OutRecord } from '../../../electron/engine/delivery/batcher';

describe('canonical JSON and hashes', () => {
  it('sorts top-level keys, so a reordered query gives the same text and hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2 }], c: null }, e: new Date('2024-01-01T00:00:00Z') })).toBe(
      '{"a":{"d":[1,{"y":2}],"c":null},"b":1,"e":"2024-01-01T00:00:00.000Z"}',
    );
    expect(canonicalJson({ u: undefined })).toBe('{"u":null}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1,"b":null}');
    expect(canonicalJson({ a: 1, b: [2] })).toBe('{"a":1,"b":[2]}');
  });

  it('pass-through keeps the query order in its fields, and the canonical text does not depend on it', () => {
    const a = mapRow({ ZED: 1, ALPHA: 'x', MID: null, alpha: 'later duplicate' }, { rules: [], passThrough: true });
    const b = mapRow({ MID: null, ALPHA: 'x', ZED: 1 }, { rules: [], passThrough: true });
    expect(a.ok && a.fields).toEqual(['zed', 'alpha', 'mid']);
    expect(b.ok && b.fields).toEqual(['mid', 'alpha', 'zed']);
    // built in canonical order, so hashing needs no sorted copy
    expect(a.ok && Object.keys(a.payload)).toEqual(['alpha', 'mid', 'zed']);
    expect(a.ok && canonicalJson(a.payload)).toBe('{"alpha":"x","mid":null,"zed":1}');
    expect(a.ok && b.ok && canonicalJson(a.payload)).toBe(b.ok && canonicalJson(b.payload));
    // a second shape after the first, and back: the cached order follows the shape
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonicalJson({ zed: 1, alpha: 'x', mid: null })).toBe('{"alpha":"x","mid":null,"zed":1}');
  });
});

describe('identifyRow', () => {
  it('gives one digest that is stable for the same sync, key and content, and changes with any of them', () => {
    const a = identifyRow('s1', 'u1', { a: 1, b: 2 });
    expect(a).toEqual(identifyRow('s1', 'u1', { b: 2, a: 1 }));
    expect(a.digest).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.text).toBe('{"a":1,"b":2}');
    const digests = [a, identifyRow('s1', 'u1', { a: 1, b: 3 }), identifyRow('s1', 'u2', { a: 1, b: 2 }), identifyRow('s2', 'u1', { a: 1, b: 2 })].map((r) => r.digest);
    expect(new Set([...digests, deleteKey('s1', 'u1', a.digest)]).size).toBe(5);
  });

  it('keys a row without a primary key by its digest', () => {
    const r = identifyRow('s1', null, { a: 1 });
    expect(r.rowKey).toBe(r.digest);
  });
});

describe('rowKey', () => {
  it.each([
    [{ ID: 'u1' }, ['id'], 'u1'],
    [{ ID: 7 }, ['ID'], '[7]'],
    [{ A: 'x', B: 2 }, ['A', 'B'], '["x",2]'],
  ])('%o by %o → %s', (row, pk, key) => {
    expect(rowKey(row, pk)).toEqual({ ok: true, key });
  });

  it('refuses a null or missing key part', () => {
    expect(rowKey({ ID: null }, ['ID'])).toEqual({ ok: false, reason: 'primary key ID is null' });
    expect(rowKey({ X: 1 }, ['ID'])).toEqual({ ok: false, reason: "primary key column ID is not in the query's output" });
  });
});

describe('bindTemplate', () => {
  it('turns {{last_sync_time}} into a bound parameter, never into SQL text', () => {
    expect(bindTemplate('SELECT * FROM T WHERE UPDATED_AT > {{last_sync_time}} AND C > {{ last_sync_time }}', { last_sync_time: "x' OR 1=1" })).toEqual({
      ok: true,
      sql: 'SELECT * FROM T WHERE UPDATED_AT > ? AND C > ?',
      binds: ["x' OR 1=1", "x' OR 1=1"],
    });
  });

  it('leaves string literals and comments alone', () => {
    const sql = "SELECT '{{last_sync_time}}' AS A -- {{last_sync_time}}\n/* {{last_sync_time}} */ FROM T";
    expect(bindTemplate(sql, { last_sync_time: 'v' })).toEqual({ ok: true, sql, binds: [] });
    expect(usesLastSyncTime(sql)).toBe(false);
    expect(usesLastSyncTime('SELECT 1 WHERE X > {{last_sync_time}}')).toBe(true);
  });

  it('refuses an unknown or unfinished template value', () => {
    expect(bindTemplate('SELECT {{now}}', { last_sync_time: 'v' })).toEqual({ ok: false, reason: 'Unknown template value {{now}}: Floe knows {{last_sync_time}}.' });
    expect(bindTemplate('SELECT {{last_sync_time', { last_sync_time: 'v' }).ok).toBe(false);
  });
});

describe('Batcher', () => {
  const record = (i: number, bytes = 10): OutRecord => ({
    rowKey: String(i),
    idempotencyKey: `k${i}`,
    op: 'upsert',
    payload: {},
    hash: 'h',
    watermark: null,
    source: null,
    bytes,
  });

  it('closes a batch at the record limit', () => {
    const b = new Batcher(3, 1_000);
    const out = [1, 2, 3, 4, 5, 6, 7].map((i) => b.add(record(i))).filter(Boolean);
    expect(out.map((batch) => batch!.map((r) => r.rowKey))).toEqual([['1', '2', '3'], ['4', '5', '6']]);
    expect(b.flush()!.map((r) => r.rowKey)).toEqual(['7']);
    expect(b.flush()).toBeNull();
  });

  it('closes a batch before it would exceed the byte limit, and lets one oversized record through alone', () => {
    const b = new Batcher(100, 25);
    expect(b.add(record(1, 10))).toBeNull();
    expect(b.add(record(2, 10))).toBeNull();
    expect(b.add(record(3, 10))!.map((r) => r.rowKey)).toEqual(['1', '2']);
    expect(b.add(record(4, 40))!.map((r) => r.rowKey)).toEqual(['3']);
    expect(b.flush()!.map((r) => r.rowKey)).toEqual(['4']);
  });
});

describe('httpBody', () => {
  it('reuses the payload JSON and gives exactly the JSON of payload + id', async () => {
    const { httpBody } = await import('../../../electron/engine/destinations/http/payload');
    const { HttpSettings } = await import('../../../shared/destinations');
    const settings = HttpSettings.parse({ url: 'http://127.0.0.1/x' });
    const payload = { b: 'x"y', a: { n: 1 } };
    const record = (json: string | undefined): OutRecord => ({ rowKey: 'k', idempotencyKey: 'id1', op: 'upsert', payload, json, hash: 'h', watermark: null, source: null, bytes: 0 });
    const fast = JSON.parse(httpBody([record(canonicalJson(payload))], settings));
    const slow = JSON.parse(httpBody([record(undefined)], settings));
    expect(fast).toEqual([{ a: { n: 1 }, b: 'x"y', _floe_id: 'id1' }]);
    expect(fast).toEqual(slow);
    expect(httpBody([record(canonicalJson(payload)), record(undefined)], { ...settings, format: 'ndjson' }).split('\n')).toHaveLength(3);
  });
});

describe('exact numbers', () => {
  it('keeps integers a double cannot hold as their digits, and makes the rest numbers', async () => {
    const { exactNumber, numberConverter } = await import('../../../electron/engine/source/snowflake-source');
    expect(exactNumber('42')).toBe(42);
    expect(exactNumber('-12.50')).toBe(-12.5);
    expect(exactNumber('9007199254740991')).toBe(9007199254740991);
    expect(exactNumber('9007199254740993')).toBe('9007199254740993');
    expect(exactNumber('-12345678901234567890')).toBe('-12345678901234567890');
    const convert = numberConverter([
      { name: 'N', type: 'fixed', nullable: true },
      { name: 'R', type: 'real', nullable: true },
      { name: 'T', type: 'text', nullable: true },
    ])!;
    const row = { N: '12345678901234567890', R: '3.25', T: '7', X: null };
    convert(row);
    expect(row).toEqual({ N: '12345678901234567890', R: 3.25, T: '7', X: null });
    expect(numberConverter([{ name: 'T', type: 'text', nullable: true }])).toBeNull();
  });
});
