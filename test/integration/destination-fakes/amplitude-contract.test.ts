import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEDUP_TTL_MS, startAmplitudeFake, type AmplitudeFake } from '../../emulators/destinations/amplitude';
import { postJson, send } from './helpers';

// The Amplitude fake refuses what the real HTTP V2 / Batch APIs refuse, with their bodies
// (shared/specs/destinations.md §1, §7), and a refused request stores nothing.

let fake: AmplitudeFake;
let clock = Date.parse('2026-01-01T00:00:00Z');

beforeAll(async () => {
  fake = await startAmplitudeFake({ apiKeys: ['AMP_KEY', 'OTHER_KEY'], now: () => clock });
});

beforeEach(() => fake.reset());

afterAll(async () => {
  await fake.close();
});

type Event = Record<string, unknown>;
const ev = (i: number, extra: Event = {}): Event => ({ event_type: 'played', user_id: `user-${String(i).padStart(4, '0')}`, insert_id: `row-${i}`, time: 1_700_000_000_000 + i, ...extra });
const events = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ev(from + i));
const body = (evs: Event[], extra: Event = {}) => ({ api_key: 'AMP_KEY', events: evs, ...extra });
const PATHS = ['/2/httpapi', '/batch'] as const;

describe('paths, methods and content', () => {
  it('404 for another path, 405 for another method', async () => {
    expect(await postJson(`${fake.url}/3/httpapi`, body(events(1)))).toMatchObject({ status: 404, json: { code: 404, error: 'Invalid request path' } });
    const get = await send(`${fake.url}/batch`, null, { method: 'GET' });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect(fake.events()).toEqual([]);
  });

  it.each(PATHS)('%s: a body that is not application/json → 400, nothing stored', async (path) => {
    const r = await send(fake.url + path, JSON.stringify(body(events(1))), { headers: { 'Content-Type': 'text/plain' } });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 400, error: expect.stringMatching(/Content-Type must be application\/json/) });
    expect(fake.events()).toEqual([]);
  });

  it.each(PATHS)('%s: gzip is accepted; a body that claims gzip and is not → 400', async (path) => {
    const ok = await send(fake.url + path, JSON.stringify(body(events(2))), { gzip: true, headers: { 'Content-Type': 'application/json' } });
    expect(ok.status).toBe(200);
    const corrupt = await send(fake.url + path, '{"api_key":"AMP_KEY"}', { headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } });
    expect(corrupt.status).toBe(400);
    expect(fake.events()).toHaveLength(2);
  });

  it.each([
    ['an empty body', '', { error: 'Missing request body' }],
    ['broken JSON', '{"api_key":', { error: 'Invalid JSON request body' }],
    ['no api_key', JSON.stringify({ events: events(1) }), { error: 'Request missing required field', missing_field: 'api_key' }],
    ['an unknown key', JSON.stringify({ api_key: 'NOPE', events: events(1) }), { error: 'Invalid API key' }],
    ['no events', JSON.stringify({ api_key: 'AMP_KEY' }), { error: 'Request missing required field', missing_field: 'events' }],
    ['an empty events array', JSON.stringify({ api_key: 'AMP_KEY', events: [] }), { error: 'Request missing required field', missing_field: 'events' }],
    ['`event` instead of `events`', JSON.stringify({ api_key: 'AMP_KEY', event: ev(0) }), { error: 'Request missing required field', missing_field: 'events' }],
    ['an event that is not an object', JSON.stringify({ api_key: 'AMP_KEY', events: ['played'] }), { error: 'Invalid event JSON' }],
  ])('%s → 400', async (_what, text, expected) => {
    const r = await send(`${fake.url}/2/httpapi`, text, { headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 400, ...expected });
  });

  it('any of the accepted keys works', async () => {
    expect((await postJson(`${fake.url}/batch`, { ...body(events(1)), api_key: 'OTHER_KEY' })).status).toBe(200);
  });
});

describe('events', () => {
  it.each([
    ['a user_id under 5 characters', { user_id: 'abc' }, 'Invalid id length for user_id or device_id', { events_with_invalid_id_lengths: { user_id: [1] } }],
    ['a device_id under 5 characters, no user_id', { user_id: undefined, device_id: 'd1' }, 'Invalid id length for user_id or device_id', { events_with_invalid_id_lengths: { device_id: [1] } }],
    ['user_id "null" and no device_id', { user_id: 'null' }, 'Request missing required field', { events_with_missing_fields: { user_id: [1], device_id: [1] } }],
    ['user_id "Undefined" (any case) and no device_id', { user_id: 'Undefined' }, 'Request missing required field', { events_with_missing_fields: { user_id: [1], device_id: [1] } }],
    ['no ids at all', { user_id: undefined }, 'Request missing required field', { events_with_missing_fields: { user_id: [1], device_id: [1] } }],
    ['no event_type', { event_type: undefined }, 'Request missing required field', { events_with_missing_fields: { event_type: [1] } }],
    ['an ISO time', { time: '2024-01-01T00:00:00Z' }, 'Invalid field values on some events', { events_with_invalid_fields: { time: [1] } }],
    ['a number as user_id', { user_id: 123456 }, 'Invalid field values on some events', { events_with_invalid_fields: { user_id: [1] } }],
    ['event_properties that are not an object', { event_properties: 'x' }, 'Invalid field values on some events', { events_with_invalid_fields: { event_properties: [1] } }],
  ])('%s → 400 naming that event; nothing of the request is stored', async (_what, change, error, maps) => {
    const r = await postJson(`${fake.url}/2/httpapi`, body([ev(0), ev(1, change), ev(2)]));
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 400, error, ...maps });
    expect(fake.events()).toEqual([]);
    expect(fake.requests()).toEqual([expect.objectContaining({ path: '/2/httpapi', status: 400, events: 3, stored: 0 })]);
  });

  it('several problems in one request are all named, the error is the first kind', async () => {
    const r = await postJson(`${fake.url}/batch`, body([ev(0, { event_type: '' }), ev(1, { user_id: 'ab' }), ev(2, { time: 'now' })]));
    expect(r.json).toEqual({
      code: 400,
      error: 'Request missing required field',
      events_with_missing_fields: { event_type: [0] },
      events_with_invalid_id_lengths: { user_id: [1] },
      events_with_invalid_fields: { time: [2] },
    });
  });

  it('a placeholder id beside a real one is ignored; options.min_id_length lets short ids through', async () => {
    expect((await postJson(`${fake.url}/2/httpapi`, body([ev(0, { user_id: 'null', device_id: 'device-1' })]))).status).toBe(200);
    expect((await postJson(`${fake.url}/2/httpapi`, body([ev(1, { user_id: 'ab' })], { options: { min_id_length: 2 } }))).status).toBe(200);
    expect((await postJson(`${fake.url}/2/httpapi`, body([ev(2)], { options: { min_id_length: 'five' } }))).json).toMatchObject({ code: 400, invalid_field: 'options.min_id_length' });
    expect(fake.events().map((e) => e.insert_id)).toEqual(['row-0', 'row-1']);
  });

  it('200 with the documented body; the stored event is the event as sent plus receivedAt and endpoint', async () => {
    const sent = ev(7, { device_id: 'device-7', event_properties: { n: 1 }, $skip_user_properties_sync: true });
    const r = await postJson(`${fake.url}/batch`, body([sent]));
    expect(r.json).toEqual({ code: 200, events_ingested: 1, payload_size_bytes: JSON.stringify(body([sent])).length, server_upload_time: clock });
    expect(fake.events()).toEqual([{ ...sent, receivedAt: clock, endpoint: '/batch' }]);
  });
});

describe('limits (413 {code:413,error:"Payload too large"})', () => {
  it.each(PATHS)('%s takes exactly 2000 events and refuses 2001', async (path) => {
    expect((await postJson(fake.url + path, body(events(2000)))).status).toBe(200);
    const over = await postJson(fake.url + path, body(events(2001, 5000)));
    expect([over.status, over.json]).toEqual([413, { code: 413, error: 'Payload too large' }]);
    expect(fake.events()).toHaveLength(2000);
  });

  it('HTTP V2 refuses more than 1 MB after gunzip; Batch takes the same body', async () => {
    const big = body([ev(0, { event_properties: { blob: 'x'.repeat(1024 * 1024) } })]);
    expect((await postJson(`${fake.url}/2/httpapi`, big)).status).toBe(413);
    expect((await postJson(`${fake.url}/2/httpapi`, big, { gzip: true })).status).toBe(413);
    expect((await postJson(`${fake.url}/batch`, big, { gzip: true })).status).toBe(200);
    expect(fake.events()).toHaveLength(1);
  });

  it('Batch refuses more than 20 MB after gunzip', async () => {
    const big = body([ev(0, { event_properties: { blob: 'x'.repeat(20 * 1024 * 1024) } })]);
    expect((await postJson(`${fake.url}/batch`, big, { gzip: true })).status).toBe(413);
  });
});

describe('dedup by insert_id', () => {
  it('a repeated insert_id, in a later request or the same one, is answered 200 and stored once', async () => {
    await postJson(`${fake.url}/2/httpapi`, body([ev(1), ev(2)]));
    const again = await postJson(`${fake.url}/batch`, body([ev(2), ev(3), ev(3)]));
    expect(again.json).toMatchObject({ code: 200, events_ingested: 3 });
    expect(fake.events().map((e) => e.insert_id)).toEqual(['row-1', 'row-2', 'row-3']);
    expect(fake.stats()).toMatchObject({ accepted: 3, duplicates: 2 });
    expect(fake.requests().map((r) => r.stored)).toEqual([2, 1]);
  });

  it('events without insert_id are all stored', async () => {
    const plain = { event_type: 'played', user_id: 'user-0001' };
    await postJson(`${fake.url}/2/httpapi`, body([plain, plain]));
    expect(fake.events()).toHaveLength(2);
  });

  it('the memory lasts 7 days of the fake’s clock', async () => {
    await postJson(`${fake.url}/2/httpapi`, body([ev(1)]));
    clock += DEDUP_TTL_MS - 1;
    await postJson(`${fake.url}/2/httpapi`, body([ev(1)]));
    clock += 1;
    await postJson(`${fake.url}/2/httpapi`, body([ev(1)]));
    expect(fake.events().map((e) => e.receivedAt - fake.events()[0]!.receivedAt)).toEqual([0, DEDUP_TTL_MS]);
  });
});
