import { describe, expect, it } from 'vitest';
import { canonicalJson, hashOf } from '../../../electron/engine/rows/canonical';
import { idempotencyKey } from '../../../electron/engine/rows/idempotency';
import { rowKey } from '../../../electron/engine/rows/row-key';
import { bindTemplate, usesLastSyncTime } from '../../../electron/engine/source/template';
import { Batcher, type OutRecord } from '../../../electron/engine/delivery/batcher';

describe('canonical JSON and hashes', () => {
  it('sorts top-level keys, so a reordered query gives the same text and hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2 }], c: null }, e: new Date('2024-01-01T00:00:00Z') })).toBe(
      '{"a":{"d":[1,{"y":2}],"c":null},"b":1,"e":"2024-01-01T00:00:00.000Z"}',
    );
    expect(canonicalJson({ u: undefined })).toBe('{"u":null}');
    expect(hashOf({ a: 1, b: 2 })).toBe(hashOf({ b: 2, a: 1 }));
    expect(hashOf({ a: 1 })).not.toBe(hashOf({ a: 2 }));
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

describe('idempotencyKey', () => {
  it('is stable for the same row and content, and changes with either', () => {
    const a = idempotencyKey('s1', 'u1', 'h1');
    expect(a).toBe(idempotencyKey('s1', 'u1', 'h1'));
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Set([a, idempotencyKey('s1', 'u1', 'h2'), idempotencyKey('s1', 'u2', 'h1'), idempotencyKey('s2', 'u1', 'h1'), idempotencyKey('s1', 'u1', 'h1', 'delete')]).size).toBe(5);
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
    const { HttpSettings } = await import('../../../shared/schemas');
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
