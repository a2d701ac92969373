import { describe, expect, it } from 'vitest';
import { AmplitudeSettings, dataTypeOf, presetFor } from '../../../../shared/destinations';
import { amplitudeShaper } from '../../../../electron/engine/destinations/amplitude/checks';
import { IdLimiter } from '../../../../electron/engine/destinations/amplitude/id-limiter';
import { eventsBody, identifyBody } from '../../../../electron/engine/destinations/amplitude/requests';
import { readEventsAnswer, readIdentifyAnswer } from '../../../../electron/engine/destinations/amplitude/response';
import type { OutRecord } from '../../../../electron/engine/delivery/batcher';
import { mapRow } from '../../../../electron/engine/mapping/map-row';

const settings = AmplitudeSettings.parse({});
const events = amplitudeShaper(dataTypeOf('amplitude', 'events')!, settings);
const identify = amplitudeShaper(dataTypeOf('amplitude', 'user-properties')!, settings);
const groups = amplitudeShaper(dataTypeOf('amplitude', 'group-properties')!, settings);

const record = (payload: Record<string, unknown>, key = 'k1'): OutRecord => ({
  rowKey: key, idempotencyKey: `idem-${key}`, op: 'upsert', payload, json: JSON.stringify(payload), hash: key, watermark: null, source: null, bytes: 0,
});

describe('Amplitude: checks made before sending, per row', () => {
  const event = { user_id: 'user_0000001', event_type: 'signed_up', time: 1_700_000_000_000 };

  it('passes a complete event, and drops null fields rather than sending them', () => {
    const payload: Record<string, unknown> = { ...event, device_id: null, event_properties: { plan: 'pro', note: null } };
    expect(events.check(payload)).toBeNull();
    expect(payload).toEqual({ ...event, event_properties: { plan: 'pro', note: null } });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no id', { event_type: 'x', time: 1 }, /user_id or device_id is required/],
    ['a short id', { ...event, user_id: 'abc' }, /shorter than 5 characters/],
    ['an id on Amplitude’s invalid list', { ...event, user_id: 'Undefined' }, /values Amplitude refuses as an id/],
    ['a short device id beside a good user id', { ...event, device_id: 'd1' }, /device_id "d1" is shorter/],
    ['no event_type', { user_id: 'user_0000001' }, /event_type is required/],
    ['a reserved event name', { ...event, event_type: '[Amplitude] Revenue' }, /reserved/],
    ['time as an ISO string', { ...event, time: '2024-01-01T00:00:00Z' }, /time must be milliseconds since 1970.*epoch-ms/],
    ['a string over 1024 characters', { ...event, event_properties: { note: 'x'.repeat(1025) } }, /event_properties\.note is 1025 characters long/],
    ['event_properties that are not an object', { ...event, event_properties: '{"a":1}' }, /event_properties must be an object/],
    ['six group types', { ...event, groups: { a: 1, b: 1, c: 1, d: 1, e: 1, f: 1 } }, /6 group types/],
    ['user property operations mixed with plain properties', { ...event, user_properties: { $set: { a: 1 }, plan: 'pro' } }, /mixes operations/],
  ])('rejects %s with the reason', (_name, payload, reason) => {
    expect(events.check({ ...payload })).toMatch(reason);
  });

  it('honours a lower min id length, and turns numeric ids into text', () => {
    const lenient = amplitudeShaper(dataTypeOf('amplitude', 'events')!, AmplitudeSettings.parse({ minIdLength: 2 }));
    const payload: Record<string, unknown> = { user_id: 42, event_type: 'x' };
    expect(lenient.check(payload)).toBeNull();
    expect(payload.user_id).toBe('42');
  });

  it('limits each event by its user, or by its device when it has no user', () => {
    expect(events.rateKey!({ user_id: 'user_0000001', device_id: 'device_1' })).toBe('user_0000001');
    expect(events.rateKey!({ device_id: 'device_1' })).toBe('device:device_1');
  });

  it('checks identify and group identify calls by their own rules', () => {
    expect(identify.check({ user_id: 'user_0000001', user_properties: { plan: 'pro' } })).toBeNull();
    expect(identify.check({ user_properties: { plan: 'pro' } })).toMatch(/user_id or device_id is required/);
    expect(groups.check({ group_type: 'company', group_value: 'acme', group_properties: { seats: 5 } })).toBeNull();
    expect(groups.check({ group_type: 'company' })).toMatch(/group_value is required/);
  });
});

describe('Amplitude: requests', () => {
  it('sends every event with its row key as insert_id, inside the Batch body', () => {
    const body = JSON.parse(eventsBody([record({ user_id: 'user_0000001', event_type: 'a' }, 'r1'), record({}, 'r2')], 'KEY', settings).toString());
    expect(body).toEqual({
      api_key: 'KEY',
      options: { min_id_length: 5 },
      events: [
        { user_id: 'user_0000001', event_type: 'a', insert_id: 'idem-r1' },
        { insert_id: 'idem-r2' },
      ],
    });
  });

  it('replaces a mapped insert_id with the row key, so a repeat is always deduplicated', () => {
    const body = JSON.parse(eventsBody([{ ...record({ insert_id: 'mine', event_type: 'a' }), fields: ['insert_id', 'event_type'] }], 'KEY', settings).toString());
    expect(body.events[0].insert_id).toBe('idem-k1');
  });

  it('form-encodes identify calls with the identifications as a JSON array', () => {
    const params = new URLSearchParams(identifyBody([record({ user_id: 'user_0000001', user_properties: { plan: 'pro' } })], 'KEY'));
    expect(params.get('api_key')).toBe('KEY');
    expect(JSON.parse(params.get('identification')!)).toEqual([{ user_id: 'user_0000001', user_properties: { plan: 'pro' } }]);
  });
});

describe('Amplitude: answers', () => {
  it('accepts a 200', () => {
    expect(readEventsAnswer(200, {}, '{"code":200,"events_ingested":2}', 2)).toEqual({ kind: 'accepted' });
  });

  it('names exactly the events a 400 lists, with Amplitude’s reason', () => {
    const verdict = readEventsAnswer(400, {}, JSON.stringify({ code: 400, error: 'Invalid field values on some events', events_with_invalid_fields: { time: [1, 3] }, events_with_missing_fields: { event_type: [4] } }), 5);
    expect(verdict.kind).toBe('invalid');
    const reasons = (verdict as { reasons: Map<number, string> }).reasons;
    expect([...reasons.keys()].sort()).toEqual([1, 3, 4]);
    expect(reasons.get(1)).toMatch(/refused the value of time/);
    expect(reasons.get(4)).toMatch(/event_type missing/);
  });

  it('stops the run on a refused API key, with where to find the right one', () => {
    const verdict = readEventsAnswer(400, {}, '{"code":400,"error":"Invalid API key"}', 3);
    expect(verdict.kind).toBe('failed');
    const error = (verdict as { error: { stop: { remedy: string } | null; retryable: boolean } }).error;
    expect(error.retryable).toBe(false);
    expect(error.stop?.remedy).toMatch(/API Key.*region/);
  });

  it('reads a 429’s throttled ids, events and daily quotas', () => {
    const verdict = readEventsAnswer(429, {}, JSON.stringify({ code: 429, throttled_users: { u1: 40 }, throttled_events: [0, 2], exceeded_daily_quota_users: { u9: 500001 } }), 3);
    expect(verdict).toEqual({ kind: 'throttled', events: [0, 2], users: ['u1'], devices: [], quotaUsers: ['u9'], quotaDevices: [] });
  });

  it.each([500, 502, 503, 504])('retries a %i (the same insert_ids go again)', (status) => {
    const verdict = readEventsAnswer(status, {}, '', 3);
    expect(verdict.kind === 'failed' && verdict.error.retryable).toBe(true);
  });

  it('splits on 413', () => {
    expect(readEventsAnswer(413, {}, '{"code":413,"error":"Payload too large"}', 3)).toEqual({ kind: 'too-large' });
  });

  it('reads identify answers: success, a refused key, a throttle', () => {
    expect(readIdentifyAnswer(200, {}, 'success')).toEqual({ ok: true });
    const key = readIdentifyAnswer(400, {}, 'Invalid API key');
    expect(!key.ok && key.error.stop).toBeTruthy();
    const busy = readIdentifyAnswer(429, {}, '');
    expect(!busy.ok && busy.error.retryable).toBe(true);
  });
});

describe('Amplitude: per-id rate', () => {
  it('lets an id use its window’s allowance, then holds it until the next window; others unaffected', () => {
    const limiter = new IdLimiter(10, 1);
    for (let i = 0; i < 10; i++) expect(limiter.take('u1', 1000)).toBe(0);
    expect(limiter.take('u1', 1500)).toBe(500);
    expect(limiter.take('u2', 1500)).toBe(0);
    expect(limiter.take('u1', 2000)).toBe(0);
  });

  it('holds a paused id until its pause ends', () => {
    const limiter = new IdLimiter(1000, 30);
    limiter.pause('u1', 31_000);
    expect(limiter.take('u1', 1000)).toBe(30_000);
    expect(limiter.take('u2', 1000)).toBe(0);
    expect(limiter.take('u1', 31_000)).toBe(0);
  });

  it('forgets ids window by window, so memory stays flat', () => {
    const limiter = new IdLimiter(1000, 30);
    for (let i = 0; i < 120_000; i++) limiter.take(`user_${i}`, i);
    expect(limiter.size).toBe(120_000 - 90_000);
  });
});

describe('Amplitude: the preset mapping', () => {
  it('maps the demo events’ columns by name, and passes the rest into event_properties', () => {
    const type = dataTypeOf('amplitude', 'events')!;
    const mapping = presetFor(type, ['EVENT_ID', 'EVENT_NAME', 'USER_ID', 'DEVICE_ID', 'EVENT_TIMESTAMP', 'PLATFORM', 'PROPERTIES']);
    expect(mapping.rules.map((r) => [r.target, r.source, r.type])).toEqual([
      ['user_id', 'USER_ID', 'string'],
      ['device_id', 'DEVICE_ID', 'string'],
      ['event_type', 'EVENT_NAME', 'string'],
      ['time', 'EVENT_TIMESTAMP', 'epoch-ms'],
      ['event_properties', 'PROPERTIES', 'json'],
    ]);
    const mapped = mapRow(
      { EVENT_ID: 'evt_1', EVENT_NAME: 'login', USER_ID: 'user_0000001', DEVICE_ID: 'device_0000002', EVENT_TIMESTAMP: new Date(1_700_000_000_000), PLATFORM: 'ios', PROPERTIES: { source: 'organic' } },
      mapping,
    );
    expect(mapped).toMatchObject({
      ok: true,
      payload: { user_id: 'user_0000001', device_id: 'device_0000002', event_type: 'login', time: 1_700_000_000_000, event_properties: { source: 'organic', event_id: 'evt_1', platform: 'ios' } },
    });
    expect(events.check((mapped as { payload: Record<string, unknown> }).payload)).toBeNull();
  });
});
