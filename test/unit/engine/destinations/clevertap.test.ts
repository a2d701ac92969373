import { describe, expect, it } from 'vitest';
import { CleverTapSettings, dataTypeOf, descriptorFor, presetFor } from '../../../../shared/destinations';
import { clevertapShaper, epochSeconds, withDates } from '../../../../electron/engine/destinations/clevertap/checks';
import { headersFor, uploadBody, uploadUrl } from '../../../../electron/engine/destinations/clevertap/requests';
import { MaybeStored, readAnswer } from '../../../../electron/engine/destinations/clevertap/response';
import { clevertapDestination } from '../../../../electron/engine/destinations/clevertap';
import { canonicalJson } from '../../../../electron/engine/rows/canonical';
import type { OutRecord } from '../../../../electron/engine/delivery/batcher';
import { DeliveryError } from '../../../../electron/engine/destinations/types';
import { checkRecord, DEFAULT_RESTRICTED_EVENTS, MAX_CUSTOM_PROFILE_KEYS, MAX_EVENT_PROPERTIES } from '../../../emulators/destinations/clevertap';

const settings = (s: Record<string, unknown> = {}) => CleverTapSettings.parse({ accountId: 'CT_ACCOUNT', ...s });
const shaper = (type: 'events' | 'profiles', s: Record<string, unknown> = {}) => clevertapShaper(dataTypeOf('clevertap', type)!, settings(s));
/** A record as the engine hands it over: canonical JSON, as hashed. */
const record = (payload: Record<string, unknown>, key = 'k1'): OutRecord => ({
  rowKey: key, idempotencyKey: `idem-${key}`, op: 'upsert', payload, json: canonicalJson(payload), hash: key, watermark: null, source: null, bytes: 0,
});
/** The fake's own judgement of a record: what CleverTap would answer. */
const fakeJudges = (r: unknown) =>
  checkRecord(r, { maxEventProperties: MAX_EVENT_PROPERTIES, maxCustomProfileKeys: MAX_CUSTOM_PROFILE_KEYS, restrictedEvents: new Set(DEFAULT_RESTRICTED_EVENTS), discardedEvents: new Set() }, new Set());
const context = { accountId: 'CT_ACCOUNT', where: 'region eu1' };

describe('CleverTap: the descriptor', () => {
  it('requires the account id, defaults to eu1 and identity, and bounds batch size and concurrency by CleverTap’s limits', () => {
    expect(CleverTapSettings.safeParse({}).success).toBe(false);
    expect(settings()).toMatchObject({ region: 'eu1', identityField: 'identity', endpoint: null, batchSize: 500, concurrency: 4 });
    expect(CleverTapSettings.safeParse({ accountId: 'A', batchSize: 1001 }).success).toBe(false);
    expect(CleverTapSettings.safeParse({ accountId: 'A', concurrency: 16 }).success).toBe(false);
    expect(CleverTapSettings.safeParse({ accountId: 'A', region: 'eu2' }).success).toBe(false);
    const d = descriptorFor('clevertap')!;
    expect(d.secretFields(settings())).toEqual(['passcode']);
    expect(d.endpoint!(settings({ region: 'in1' }))).toBe('https://in1.api.clevertap.com');
    expect(d.endpoint!(settings({ endpoint: 'http://127.0.0.1:9/ct/' }))).toBe('http://127.0.0.1:9/ct');
    expect(d.limitScope!(settings())).toBe(d.limitScope!(settings({ batchSize: 3 })));
    expect(d.limitScope!(settings())).not.toBe(d.limitScope!(settings({ accountId: 'OTHER' })));
  });

  it('maps the demo tables by their columns: profiles into profileData, events into evtData', () => {
    const profiles = presetFor(dataTypeOf('clevertap', 'profiles')!, ['USER_ID', 'EMAIL', 'FIRST_NAME', 'PHONE', 'GENDER', 'BIRTH_DATE', 'UPDATED_AT']);
    expect(profiles.rules.map((r) => [r.source, r.target])).toEqual([
      ['USER_ID', 'identity'],
      ['EMAIL', 'profileData.Email'],
      ['PHONE', 'profileData.Phone'],
      ['BIRTH_DATE', 'profileData.DOB'],
      ['UPDATED_AT', 'ts'],
    ]);
    expect(profiles).toMatchObject({ passThrough: true, passThroughTo: 'profileData' });
    const events = presetFor(dataTypeOf('clevertap', 'events')!, ['EVENT_ID', 'USER_ID', 'EVENT_NAME', 'EVENT_TIMESTAMP', 'PROPERTIES']);
    expect(events.rules.map((r) => [r.source, r.target])).toEqual([
      ['USER_ID', 'identity'],
      ['EVENT_NAME', 'evtName'],
      ['PROPERTIES', 'evtData'],
      ['EVENT_TIMESTAMP', 'ts'],
    ]);
  });
});

describe('CleverTap: checks made before sending', () => {
  it.each<[string, unknown, number | string]>([
    ['seconds', 1704067200, 1704067200],
    ['milliseconds', 1704067200123, 1704067200],
    ['an ISO date-time', '2024-01-01T00:00:00.000Z', 1704067200],
    ['an ISO date-time with an offset', '2024-01-01T02:00:00+02:00', 1704067200],
    ['Snowflake’s text form (UTC)', '2024-01-01 00:00:00.000', 1704067200],
    ['digits', '1704067200', 1704067200],
  ])('ts from %s becomes epoch seconds', (_, value, seconds) => {
    expect(epochSeconds(value)).toEqual({ ok: true, seconds });
  });

  it.each<[unknown, RegExp]>([
    ['yesterday', /ts must be a date and time or seconds/],
    [-5, /not a time after 1970/],
    [{ at: 1 }, /ts must be/],
  ])('ts %j is refused', (value, reason) => {
    const r = epochSeconds(value);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('turns ISO date-times inside data into "$D_<seconds>" at any depth, and finds a malformed $D_', () => {
    expect(withDates({ at: '2024-01-01T00:00:00Z', list: ['2024-01-01T00:00:00Z', 'x'], n: 5, note: '2024 was a year' }, 'evtData')).toEqual({
      value: { at: '$D_1704067200', list: ['$D_1704067200', 'x'], n: 5, note: '2024 was a year' },
      bad: null,
    });
    expect(withDates({ at: '$D_1704067200000' }, 'evtData').bad).toBe('evtData.at');
    expect(withDates('1990-05-01', 'profileData.DOB', true).value).toBe('$D_641520000');
    expect(withDates('1990-05-01', 'profileData.code').value).toBe('1990-05-01');
  });

  it('passes a complete event, tidied into what CleverTap takes, and the fake agrees', () => {
    const payload: Record<string, unknown> = { identity: 42, evtName: 'purchase', evtData: { amount: 9.5, at: '2024-01-01T00:00:00.000Z' }, ts: '2024-01-01T00:00:00.000Z', objectId: null };
    expect(shaper('events').check(payload)).toBeNull();
    expect(payload).toEqual({ identity: '42', evtName: 'purchase', evtData: { amount: 9.5, at: '$D_1704067200' }, ts: 1704067200 });
    expect(fakeJudges({ ...payload, type: 'event' })).toBeNull();
  });

  it('passes a complete profile, with M/F, Y/N and a phone’s punctuation tidied, and the fake agrees', () => {
    const payload: Record<string, unknown> = {
      objectId: '__g123',
      profileData: { Name: 'Ada', Email: 'ada@example.com', Phone: '+1 (555) 000-0001', Gender: 'female', Married: false, DOB: '1990-05-01T00:00:00.000Z', plan: 'pro' },
    };
    expect(shaper('profiles', { identityField: 'objectId' }).check(payload)).toBeNull();
    expect(payload.profileData).toEqual({ Name: 'Ada', Email: 'ada@example.com', Phone: '+15550000001', Gender: 'F', Married: 'N', DOB: '$D_641520000', plan: 'pro' });
    expect(fakeJudges({ ...payload, type: 'profile' })).toBeNull();
  });

  const many = (n: number, prefix = 'p') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, i]));

  it.each<[string, 'events' | 'profiles', Record<string, unknown>, RegExp, number | null]>([
    ['no identity', 'events', { evtName: 'e' }, /identity is required/, 523],
    ['an identity of spaces', 'events', { identity: '  ', evtName: 'e', evtData: {} }, /identity is required/, null],
    ['both identity and objectId', 'events', { identity: 'u1', objectId: '__g1', evtName: 'e' }, /both identity and objectId; CleverTap takes exactly one/, 523],
    ['objectId where identity is chosen', 'events', { objectId: '__g1', evtName: 'e' }, /identifies users by identity.*but the row has objectId/, null],
    ['an identity over 120 characters', 'profiles', { identity: 'x'.repeat(121) }, /over CleverTap's 120/, 523],
    ['no evtName', 'events', { identity: 'u1', evtData: {} }, /evtName is required/, 509],
    ['evtData that is a list', 'events', { identity: 'u1', evtName: 'e', evtData: [1] }, /evtData must be an object/, 512],
    ['a ts that is not a time', 'events', { identity: 'u1', evtName: 'e', ts: 'soon' }, /ts must be a date/, 525],
    ['100 properties and floe_id', 'events', { identity: 'u1', evtName: 'e', evtData: many(100) }, /101 properties with Floe’s floe_id, over CleverTap's 100/, null],
    ['a property name over 120 characters', 'events', { identity: 'u1', evtName: 'e', evtData: { ['k'.repeat(121)]: 1 } }, /is 121 characters long, over CleverTap's 120/, 512],
    ['a value over 512 bytes', 'events', { identity: 'u1', evtName: 'e', evtData: { note: 'é'.repeat(257) } }, /evtData.note is over 512 bytes/, 512],
    ['a nested value over 512 bytes', 'profiles', { identity: 'u1', profileData: { a: { b: ['x'.repeat(513)] } } }, /profileData.a.b\[0\] is over 512 bytes/, 512],
    ['a malformed $D_ date', 'events', { identity: 'u1', evtName: 'e', evtData: { at: '$D_1704067200000' } }, /evtData.at is not a CleverTap date/, 525],
    ['its own floe_id', 'events', { identity: 'u1', evtName: 'e', evtData: { floe_id: 'x' } }, /evtData.floe_id is where Floe puts/, null],
    ['a field CleverTap does not take at the top', 'events', { identity: 'u1', evtName: 'e', plan: 'pro' }, /plan is not a field of a CleverTap event.*evtData.plan/, null],
    ['a phone without its country code', 'profiles', { identity: 'u1', profileData: { Phone: '5550000001' } }, /Phone must be \+<country code><number>/, 516],
    ['a gender other than M/F', 'profiles', { identity: 'u1', profileData: { Gender: 'non-binary' } }, /Gender must be M or F/, 514],
    ['an email that is not one', 'profiles', { identity: 'u1', profileData: { Email: 'ada at example' } }, /not an email address/, 515],
    ['an education CleverTap does not know', 'profiles', { identity: 'u1', profileData: { Education: 'PhD' } }, /School, College or Graduate/, 518],
    ['257 custom profile keys', 'profiles', { identity: 'u1', profileData: many(257) }, /257 custom properties, over CleverTap's 256/, null],
  ])('rejects %s with the reason, as the fake would', (_, type, payload, reason, code) => {
    const original = structuredClone(payload);
    expect(shaper(type).check(payload)).toMatch(reason);
    // What the fake would answer to the record as mapped: the check stands for a real refusal.
    if (code !== null) expect(fakeJudges({ ...original, type: type === 'events' ? 'event' : 'profile' })?.code).toBe(code);
  });
});

describe('CleverTap: requests', () => {
  it('uploads {"d":[…]} to /1/upload of the region’s host with the account headers', () => {
    expect(uploadUrl(settings())).toBe('https://eu1.api.clevertap.com/1/upload');
    expect(uploadUrl(settings({ region: 'mec1' }), true)).toBe('https://mec1.api.clevertap.com/1/upload?dryRun=1');
    expect(uploadUrl(settings({ endpoint: 'http://127.0.0.1:9' }))).toBe('http://127.0.0.1:9/1/upload');
    expect(headersFor('CT_ACCOUNT', 'CT_PASSCODE')).toMatchObject({ 'x-clevertap-account-id': 'CT_ACCOUNT', 'x-clevertap-passcode': 'CT_PASSCODE', 'content-type': 'application/json; charset=utf-8' });
  });

  it('gives each record its type and each event its idempotency key as evtData.floe_id, first', () => {
    const e1 = { identity: 'u1', evtName: 'e', evtData: { a: 1 }, ts: 1704067200 };
    const e2 = { identity: 'u2', evtName: 'e', evtData: {} };
    const body = uploadBody([record(e1, 'r1'), record(e2, 'r2')], 'events').toString();
    expect(JSON.parse(body)).toEqual({
      d: [
        { identity: 'u1', evtName: 'e', evtData: { floe_id: 'idem-r1', a: 1 }, ts: 1704067200, type: 'event' },
        { identity: 'u2', evtName: 'e', evtData: { floe_id: 'idem-r2' }, type: 'event' },
      ],
    });
    expect(body.startsWith('{"d":[{"evtData":{"floe_id":"idem-r1","a":1}')).toBe(true);
    const p = { identity: 'u1', profileData: { Name: 'Ada' } };
    expect(JSON.parse(uploadBody([record(p)], 'profiles').toString())).toEqual({ d: [{ ...p, type: 'profile' }] });
  });

  it('adds floe_id to an event whose JSON does not start with evtData, overriding a mapped one', () => {
    const odd: OutRecord = { ...record({}), payload: { identity: 'u1', evtName: 'e', evtData: { floe_id: 'theirs', b: 2 } }, json: '{"identity":"u1","evtName":"e","evtData":{"floe_id":"theirs","b":2}}' };
    expect(JSON.parse(uploadBody([odd], 'events').toString()).d[0].evtData).toEqual({ floe_id: 'idem-k1', b: 2 });
  });

  it('previews the request with the passcode masked', () => {
    const dataType = dataTypeOf('clevertap', 'events')!;
    const preview = clevertapDestination.preview([record({ identity: 'u1', evtName: 'e', evtData: {} })], settings(), { dataType, syncName: 's', now: new Date() });
    expect(preview.headers['x-clevertap-passcode']).toBe('••••••');
    expect(preview.url).toBe('https://eu1.api.clevertap.com/1/upload');
    expect(JSON.parse(preview.body).d[0].type).toBe('event');
  });

  it('limits uploads to the batch size, and 15 in flight per account shared across runs', () => {
    const limits = clevertapDestination.limits(settings({ batchSize: 1000, concurrency: 15 }), dataTypeOf('clevertap', 'events')!);
    expect(limits).toMatchObject({ maxRecords: 1000, concurrency: 15, sharedInFlight: 15, ratePerSecond: null });
  });
});

describe('CleverTap: answers', () => {
  const ok = (body: unknown, count = 3, sent: unknown[] = []) => readAnswer(200, {}, JSON.stringify(body), count, context, () => sent);

  it('a 200 with unprocessed records rejects exactly those (by record number), whatever status says', () => {
    for (const status of ['success', 'partial']) {
      const verdict = ok({ status, processed: 1, unprocessed: [
        { status: 'fail', code: 523, error: "'identity' or 'fbId' or 'gpId' or 'objectId' is necessary under 120 chars to identify the user. Skipped record number : 2", record: {} },
        { status: 'fail', code: 515, error: 'Profile data is incorrect. Email is not valid.Skipped record number : 3', record: '{"identity":"u3"}' },
      ] });
      expect(verdict.kind).toBe('answered');
      if (verdict.kind !== 'answered') return;
      expect([...verdict.refused.entries()]).toEqual([
        [1, { code: 523, error: expect.stringMatching(/^'identity' or .*Skipped record number : 2$/) }],
        [2, { code: 515, error: 'Profile data is incorrect. Email is not valid.Skipped record number : 3' }],
      ]);
      expect(verdict.unplaced).toEqual([]);
    }
  });

  it('ties a refusal without a record number to the record it echoes (object or JSON string)', () => {
    const sent = [{ identity: 'a', type: 'event' }, { identity: 'b', type: 'event' }];
    const verdict = ok({ status: 'partial', processed: 0, unprocessed: [{ code: 509, error: 'Event name mandatory', record: '{"identity":"b","type":"event"}' }, { code: 1, error: '?', record: { nope: 1 } }] }, 2, sent);
    expect(verdict.kind === 'answered' && [...verdict.refused.keys()]).toEqual([1]);
    expect(verdict.kind === 'answered' && verdict.unplaced).toEqual([{ code: 1, error: '?' }]);
  });

  it('all processed: nothing refused', () => {
    expect(ok({ status: 'success', processed: 3, unprocessed: [] })).toEqual({ kind: 'answered', refused: new Map(), unplaced: [] });
  });

  it('401 stops the run, naming the account, the passcode and the region', () => {
    const verdict = readAnswer(401, {}, '{"status":"fail","error":"Account ID is not valid","code":401}', 3, context, () => []);
    expect(verdict.kind).toBe('failed');
    if (verdict.kind !== 'failed') return;
    expect(verdict.error).toMatchObject({ retryable: false, status: 401, message: expect.stringMatching(/CleverTap refused account CT_ACCOUNT \(HTTP 401: .*Account ID is not valid/) });
    expect(verdict.error.stop?.remedy).toMatch(/Account ID \(CT_ACCOUNT\).*passcode.*region eu1.*wrong region/);
  });

  it('429 and 5xx are retried; 500/502/504 and an unreadable 200 may have been stored, 503 and 429 not', () => {
    const failed = (status: number, text = '') => {
      const v = readAnswer(status, {}, text, 3, context, () => []);
      return v.kind === 'failed' ? v.error : null;
    };
    expect(failed(429)).toMatchObject({ retryable: true, status: 429 });
    expect(failed(429)).not.toBeInstanceOf(MaybeStored);
    expect(failed(503)).not.toBeInstanceOf(MaybeStored);
    for (const status of [500, 502, 504]) expect(failed(status)).toBeInstanceOf(MaybeStored);
    expect(failed(200, '<html>')).toBeInstanceOf(MaybeStored);
    expect(failed(200, '<html>')!.message).toMatch(/may have stored these 3 records.*evtData.floe_id/);
    expect(failed(400, '{"status":"fail","error":"bad","code":400}')).toMatchObject({ retryable: false, stop: null });
    expect(readAnswer(413, {}, '', 3, context, () => []).kind).toBe('too-large');
    expect(failed(500)).toBeInstanceOf(DeliveryError);
  });
});
