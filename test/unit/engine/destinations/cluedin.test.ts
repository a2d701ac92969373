import { describe, expect, it } from 'vitest';
import { CluedInSettings, dataTypeOf, descriptorFor, presetFor } from '../../../../shared/destinations';
import { cleanProperties, cluedinShaper, isoTimestamp, MAX_PROPERTIES } from '../../../../electron/engine/destinations/cluedin/checks';
import { entityBody, externalIdOf, headersFor } from '../../../../electron/engine/destinations/cluedin/requests';
import { readAnswer } from '../../../../electron/engine/destinations/cluedin/response';
import { cluedinDestination } from '../../../../electron/engine/destinations/cluedin';
import { canonicalJson } from '../../../../electron/engine/rows/canonical';
import type { OutRecord } from '../../../../electron/engine/delivery/batcher';
import { checkRecords, cleanName, parseBody } from '../../../emulators/destinations/cluedin';

const URL_ = 'https://cluedin.example.com/upload/api/endpoint/9A327661-51FD-4FFC-8DF5-3F80746B996C';
const settings = (s: Record<string, unknown> = {}) => CluedInSettings.parse({ url: URL_, entityType: 'Customer', ...s });
const NOW = new Date('2026-12-03T10:00:00.000Z');
/** A record as the engine hands it over: canonical JSON, as hashed, after the checks. */
const record = (payload: Record<string, unknown>, key = 'CUST-1'): OutRecord => {
  const refused = cluedinShaper().check(payload);
  if (refused) throw new Error(refused);
  return { rowKey: key, idempotencyKey: `idem-${key}`, op: 'upsert', payload, json: canonicalJson(payload), hash: key, watermark: null, source: null, bytes: 0 };
};
const tombstone = (key: string, goneSince?: string): OutRecord => ({ rowKey: key, idempotencyKey: `del-${key}`, op: 'delete', payload: {}, goneSince, hash: 'h', watermark: null, source: null, bytes: 0 });

describe('CluedIn: the descriptor', () => {
  it('takes the endpoint’s POST URL, https unless loopback, an entity type, 500–5,000 records a request; gzip JSON and tombstones by default', () => {
    expect(settings()).toMatchObject({ tombstones: true, format: 'json', gzip: true, batchSize: 1000 });
    const refused = (s: Record<string, unknown>) => CluedInSettings.safeParse({ url: URL_, entityType: 'Customer', ...s }).error?.issues[0]?.message;
    expect(refused({ url: 'https://cluedin.example.com/api/upload' })).toMatch(/View instructions/);
    expect(refused({ url: 'http://cluedin.example.com/upload/api/endpoint/9A327661-51FD-4FFC-8DF5-3F80746B996C' })).toMatch(/https/);
    expect(refused({ url: 'http://127.0.0.1:8080/upload/api/endpoint/9a327661-51fd-4ffc-8df5-3f80746b996c' })).toBeUndefined();
    expect(refused({ url: 'http://127.0.0.1.evil.example/upload/api/endpoint/9a327661-51fd-4ffc-8df5-3f80746b996c' })).toMatch(/https/);
    expect(refused({ url: 'http://127.0.0.1@evil.example/upload/api/endpoint/9a327661-51fd-4ffc-8df5-3f80746b996c' })).toMatch(/https/);
    expect(refused({ entityType: 'Customer record' })).toMatch(/letters, digits/);
    expect(refused({ batchSize: 499 })).toMatch(/500 to 5,000/);
    expect(refused({ batchSize: 5001 })).toMatch(/500 to 5,000/);
    const d = descriptorFor('cluedin')!;
    expect(d.secretFields(settings())).toEqual(['token']);
    expect(d.endpoint!(settings())).toBe(URL_);
    expect(d.dataTypes.map((t) => t.id)).toEqual(['entities']);
    expect(cluedinDestination.sendsDeletes!(settings({ tombstones: false }))).toBe(false);
  });

  it('maps the demo users by their columns: timestamp from UPDATED_AT, the rest into properties', () => {
    const mapping = presetFor(dataTypeOf('cluedin', 'entities')!, ['USER_ID', 'EMAIL', 'UPDATED_AT', 'CREATED_AT']);
    expect(mapping.rules.map((r) => [r.source, r.target, r.required])).toEqual([['UPDATED_AT', 'timestamp', true]]);
    expect(mapping).toMatchObject({ passThrough: true, passThroughTo: 'properties' });
  });
});

describe('CluedIn: the checks before sending', () => {
  it('timestamps become UTC ISO-8601; none of a zone is UTC (Snowflake’s NTZ)', () => {
    expect(isoTimestamp('2025-08-20T03:14:07Z')).toEqual({ ok: true, iso: '2025-08-20T03:14:07.000Z' });
    expect(isoTimestamp('2025-08-20 03:14:07.5')).toEqual({ ok: true, iso: '2025-08-20T03:14:07.500Z' });
    expect(isoTimestamp('2025-08-20T05:14:07+02:00')).toEqual({ ok: true, iso: '2025-08-20T03:14:07.000Z' });
    expect(isoTimestamp(Date.UTC(2025, 7, 20))).toEqual({ ok: true, iso: '2025-08-20T00:00:00.000Z' });
    expect(isoTimestamp('yesterday')).toMatchObject({ ok: false, reason: expect.stringMatching(/^timestamp must be a date and time, not "yesterday"/) });
  });

  it('cleans names as the fake (CluedIn) does, refuses clashes, control characters and a 491st property', () => {
    expect(cleanProperties({ 'first name': 'Ada', 'address.city': 'Berlin', plan: 'pro' })).toEqual({ ok: true, renamed: 2, properties: { first_name: 'Ada', address_city: 'Berlin', plan: 'pro' } });
    for (const name of ['first name', 'a.b.c', 'x y.z']) expect(Object.keys((cleanProperties({ [name]: 1 }) as { properties: object }).properties)).toEqual([cleanName(name)]);
    expect(cleanProperties({ 'first name': 1, first_name: 2 })).toMatchObject({ ok: false, reason: expect.stringMatching(/would become "first_name".*already has/) });
    expect(cleanProperties({ 'bad\nname': 1 })).toMatchObject({ ok: false, reason: expect.stringMatching(/control character/) });
    const many = Object.fromEntries(Array.from({ length: MAX_PROPERTIES + 1 }, (_, i) => [`p${i}`, i]));
    expect(cleanProperties(many)).toMatchObject({ ok: false, reason: '491 properties; CluedIn takes at most 490 a record: map fewer columns' });
    expect(cleanProperties(Object.fromEntries(Object.entries(many).slice(1))).ok).toBe(true);
  });

  it('refuses a row without its timestamp or with a field outside the record, naming the fix', () => {
    const check = (p: Record<string, unknown>) => cluedinShaper().check(p);
    expect(check({ properties: {} })).toMatch(/^timestamp is missing: map the column that says when the row last changed/);
    expect(check({ timestamp: '2025-01-01T00:00:00Z', email: 'a@b.c' })).toMatch(/map it to properties\.email instead/);
    const payload: Record<string, unknown> = { timestamp: '2025-01-01 00:00:00', properties: { 'e mail': 'a@b.c' } };
    expect(check(payload)).toBeNull();
    expect(payload).toEqual({ timestamp: '2025-01-01T00:00:00.000Z', properties: { e_mail: 'a@b.c' } });
  });
});

describe('CluedIn: requests', () => {
  it('externalId is the primary key’s value; a key of several columns is their JSON', () => {
    expect(externalIdOf('CUST-000123')).toBe('CUST-000123');
    expect(externalIdOf('[42]')).toBe('42');
    expect(externalIdOf('["ACME",42]')).toBe('["ACME",42]');
    expect(externalIdOf('[not json')).toBe('[not json');
  });

  it('a batch is seed 004’s records, tombstones with the time the row was first found gone; the fake accepts them as they are', () => {
    const batch = [record({ timestamp: '2025-08-20T03:14:07Z', properties: { name: 'Acme', isActive: true } }), tombstone('CUST-2', '2026-12-01T09:00:00.000Z'), tombstone('CUST-3')];
    const body = entityBody(batch, settings(), NOW);
    const sent = JSON.parse(body.toString('utf8')) as unknown[];
    expect(sent).toEqual([
      { externalId: 'CUST-1', type: 'Customer', timestamp: '2025-08-20T03:14:07.000Z', properties: { name: 'Acme', isActive: true } },
      { externalId: 'CUST-2', type: 'Customer', deleted: true, timestamp: '2026-12-01T09:00:00.000Z' },
      { externalId: 'CUST-3', type: 'Customer', deleted: true, timestamp: NOW.toISOString() },
    ]);
    expect(checkRecords(sent)).toMatchObject({ errors: [], warnings: [] });
    const lines = entityBody(batch, settings({ format: 'ndjson' }), NOW).toString('utf8');
    expect(lines.endsWith('\n')).toBe(true);
    const parsed = parseBody(lines, 'ndjson');
    expect(parsed).toEqual({ ok: true, values: sent });
  });

  it('headers: bearer token, JSON or NDJSON, gzip when on; a preview masks the token and shows the body as text', () => {
    expect(headersFor(settings(), 'T')).toEqual({ authorization: 'Bearer T', 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip', 'user-agent': 'Floe' });
    expect(headersFor(settings({ format: 'ndjson', gzip: false }), 'T')).toEqual({ authorization: 'Bearer T', 'content-type': 'application/x-ndjson', 'user-agent': 'Floe' });
    const preview = cluedinDestination.preview([record({ timestamp: '2025-08-20T03:14:07Z', properties: {} })], settings(), { syncName: 's', now: NOW, dataType: dataTypeOf('cluedin', 'entities')! });
    expect(preview).toMatchObject({ method: 'POST', url: URL_, headers: { authorization: 'Bearer ••••••' } });
    expect(JSON.parse(preview.body)).toEqual([{ externalId: 'CUST-1', type: 'Customer', timestamp: '2025-08-20T03:14:07.000Z', properties: {} }]);
  });
});

describe('CluedIn: answers', () => {
  const read = (status: number, body: unknown, headers: Record<string, string> = {}) => readAnswer(status, headers, typeof body === 'string' ? body : JSON.stringify(body), 3);

  it('a 200 is received, kept as a receipt with its warnings and flags', () => {
    expect(read(200, { success: true, warning: false, error: false, receiptId: 'r-1' })).toEqual({ kind: 'received', receipt: { status: 200, receiptId: 'r-1', records: 3, warnings: [] } });
    const warned = read(200, { success: true, warning: true, error: false, warnings: ['record 0: property "a b" was renamed to "a_b"'], receiptId: 'r-2' });
    expect(warned).toMatchObject({ kind: 'received', receipt: { receiptId: 'r-2', warnings: ['record 0: property "a b" was renamed to "a_b"'] } });
    expect(read(200, { success: false, warning: false, error: true })).toMatchObject({ kind: 'received', receipt: { receiptId: null, warnings: [expect.stringMatching(/^CluedIn flagged an error/)] } });
  });

  it('a 400 names its records (0-based) or the whole request', () => {
    const named = read(400, { success: false, error: true, errors: ['record 1: timestamp must be …', 'record 1: type is required'], receiptId: 'r-3' });
    expect(named).toMatchObject({ kind: 'refused', other: [], receipt: { status: 400, receiptId: 'r-3' } });
    expect(named.kind === 'refused' && [...named.byRecord]).toEqual([[1, ['timestamp must be …', 'type is required']]]);
    expect(read(400, { errors: ['the body is not valid JSON: Unexpected token'] })).toMatchObject({ kind: 'refused', other: ['the body is not valid JSON: Unexpected token'] });
    expect(read(400, { errors: ['record 9: out of this request'] })).toMatchObject({ kind: 'refused', other: ['record 9: out of this request'] });
  });

  it('the troubleshooting table: 403 and 404 stop with their fix, 413 splits, 429 and 5xx retry (Retry-After), 415 is not retried', () => {
    const failed = (v: ReturnType<typeof read>) => (v.kind === 'failed' ? v.error : null);
    expect(failed(read(403, { errors: ['the token is not valid'] }))).toMatchObject({ retryable: false, stop: { remedy: expect.stringMatching(/API Tokens.*ingest/) } });
    expect(failed(read(404, {}))).toMatchObject({ retryable: false, stop: { remedy: expect.stringMatching(/View instructions/) } });
    expect(read(413, {})).toEqual({ kind: 'too-large' });
    expect(failed(read(429, {}, { 'retry-after': '3' }))).toMatchObject({ retryable: true, retryAfterMs: 3000, message: expect.stringMatching(/limiting requests/) });
    expect(failed(read(502, 'Bad Gateway'))).toMatchObject({ retryable: true, message: expect.stringMatching(/temporary problem.*support/) });
    expect(failed(read(415, {}))).toMatchObject({ retryable: false, stop: null });
  });
});
