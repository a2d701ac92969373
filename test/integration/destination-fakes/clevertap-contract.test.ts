import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MISSING_IDENTITY, startCleverTapFake, type CleverTapFake } from '../../emulators/destinations/clevertap';
import { postJson, send, type SendOptions } from './helpers';
import { rawRequest } from './raw-http';

// The CleverTap fake refuses what the Upload API refuses (shared/specs/destinations.md §3, §7):
// a bad request as a whole with `{"status":"fail","error","code"}`, a bad record inside a 200's
// `unprocessed` with CleverTap's code and words, the rest of the call processed and stored.

let fake: CleverTapFake;
const clock = Date.parse('2026-01-01T00:00:00Z');

beforeAll(async () => {
  fake = await startCleverTapFake({
    accounts: [
      { id: 'CT_ACCOUNT', passcode: 'CT_PASSCODE' },
      { id: 'IN_ACCOUNT', passcode: 'IN_PASSCODE', region: 'in1' },
    ],
    now: () => clock,
  });
});

beforeEach(() => fake.reset());

afterAll(async () => {
  await fake.close();
});

type Rec = Record<string, unknown>;
const AUTH = { 'X-CleverTap-Account-Id': 'CT_ACCOUNT', 'X-CleverTap-Passcode': 'CT_PASSCODE' };
const event = (i: number, extra: Rec = {}): Rec => ({ identity: `user-${i}`, ts: 1_704_067_200 + i, type: 'event', evtName: 'Product Viewed', evtData: { floe_id: `row-${i}`, sku: 'X1' }, ...extra });
const profile = (i: number, data: Rec = {}, extra: Rec = {}): Rec => ({ identity: `user-${i}`, type: 'profile', profileData: { Name: 'A', plan: 'pro', ...data }, ...extra });
const upload = (d: unknown[], opts: SendOptions & { query?: string } = {}) => postJson(`${fake.url}/1/upload${opts.query ?? ''}`, { d }, { ...opts, headers: { ...AUTH, ...opts.headers } });
const stored = () => fake.records().map(({ receivedAt: _r, account: _a, ...r }) => r);

describe('paths and methods', () => {
  it('404 for another path, 405 with Allow for another method, in CleverTap’s shape', async () => {
    const other = await postJson(`${fake.url}/1/profile.json`, { d: [event(0)] }, { headers: AUTH });
    expect([other.status, other.json]).toEqual([404, { status: 'fail', error: 'Not found: /1/profile.json (the Upload API is POST /1/upload)', code: 404 }]);
    const get = await send(`${fake.url}/1/upload`, null, { method: 'GET', headers: AUTH });
    expect([get.status, get.headers.get('allow'), get.json]).toEqual([405, 'POST', { status: 'fail', error: 'GET is not allowed on /1/upload', code: 405 }]);
  });
});

describe('credentials and region (→ the recorded 401)', () => {
  const unauthorized = { status: 'fail', error: 'Account ID is not valid', code: 401 };

  it.each([
    ['no account header', { 'X-CleverTap-Passcode': 'CT_PASSCODE' }, 'no X-CleverTap-Account-Id header'],
    ['an unknown account', { 'X-CleverTap-Account-Id': 'NOPE', 'X-CleverTap-Passcode': 'CT_PASSCODE' }, 'no account "NOPE"'],
    ['no passcode', { 'X-CleverTap-Account-Id': 'CT_ACCOUNT' }, 'no X-CleverTap-Passcode header'],
    ['a wrong passcode', { 'X-CleverTap-Account-Id': 'CT_ACCOUNT', 'X-CleverTap-Passcode': 'IN_PASSCODE' }, 'wrong passcode for account "CT_ACCOUNT"'],
    ['an account of another region', { 'X-CleverTap-Account-Id': 'IN_ACCOUNT', 'X-CleverTap-Passcode': 'IN_PASSCODE' }, 'account "IN_ACCOUNT" is in region in1, the request went to eu1'],
  ])('%s → 401 with the documented body, nothing stored; the log says which', async (_what, headers, reason) => {
    const r = await postJson(`${fake.url}/1/upload`, { d: [event(0)] }, { headers });
    expect([r.status, r.json]).toEqual([401, unauthorized]);
    expect(fake.records()).toEqual([]);
    expect(fake.requests()).toEqual([expect.objectContaining({ status: 401, error: reason, stored: 0 })]);
  });

  it('the region is the Host’s: api.clevertap.com and eu1.… are Europe, in1.… is India', async () => {
    const post = (host: string, auth: Record<string, string>) =>
      rawRequest(`${fake.url}/1/upload`, { headers: { ...auth, Host: host, 'Content-Type': 'application/json' }, body: JSON.stringify({ d: [event(0)] }) });
    const inAuth = { 'X-CleverTap-Account-Id': 'IN_ACCOUNT', 'X-CleverTap-Passcode': 'IN_PASSCODE' };
    expect((await post('api.clevertap.com', AUTH)).status).toBe(200);
    expect((await post('eu1.api.clevertap.com', AUTH)).status).toBe(200);
    expect(await post('in1.api.clevertap.com', AUTH)).toMatchObject({ status: 401, json: unauthorized });
    expect((await post('in1.api.clevertap.com', inAuth)).status).toBe(200);
    expect((await post('xx9.api.clevertap.com', inAuth)).status).toBe(401);
    expect(fake.requests().map((r) => [r.region, r.status])).toEqual([
      ['eu1', 200],
      ['eu1', 200],
      ['in1', 401],
      ['in1', 200],
      ['xx9', 401],
    ]);
    expect(fake.records().map((r) => r.account)).toEqual(['CT_ACCOUNT', 'CT_ACCOUNT', 'IN_ACCOUNT']);
  });

  it('a fake that stands in for in1 takes its own accounts at 127.0.0.1', async () => {
    const india = await startCleverTapFake({ region: 'in1', accounts: [{ id: 'IN_ACCOUNT', passcode: 'IN_PASSCODE' }, { id: 'EU', passcode: 'P', region: 'eu1' }] });
    try {
      const ok = await postJson(`${india.url}/1/upload`, { d: [event(0)] }, { headers: { 'X-CleverTap-Account-Id': 'IN_ACCOUNT', 'X-CleverTap-Passcode': 'IN_PASSCODE' } });
      const eu = await postJson(`${india.url}/1/upload`, { d: [event(0)] }, { headers: { 'X-CleverTap-Account-Id': 'EU', 'X-CleverTap-Passcode': 'P' } });
      expect([ok.status, eu.status, india.region]).toEqual([200, 401, 'in1']);
    } finally {
      await india.close();
    }
  });
});

describe('the request as a whole (→ 400 {"status":"fail","error","code":400})', () => {
  const fail = (error: string) => ({ status: 'fail', error, code: 400 });

  it.each([
    ['a body that is not application/json', '{"d":[]}', { 'Content-Type': 'text/plain' }, 'Content-Type must be application/json, got "text/plain"'],
    ['another charset', '{"d":[]}', { 'Content-Type': 'application/json; charset=latin1' }, 'the body must be UTF-8 JSON, got charset latin1'],
    ['broken JSON', '{"d":[', { 'Content-Type': 'application/json' }, expect.stringMatching(/^Invalid JSON: /)],
    ['a JSON array', '[]', { 'Content-Type': 'application/json' }, 'The body must be a JSON object {"d":[…]}'],
    ['no d', '{"data":[]}', { 'Content-Type': 'application/json' }, "'d' is required: an array of event and profile records"],
    ['d: {}', '{"d":{}}', { 'Content-Type': 'application/json' }, "'d' is required: an array of event and profile records"],
    ['d: []', '{"d":[]}', { 'Content-Type': 'application/json' }, "'d' is empty: send at least one record"],
  ])('%s', async (_what, text, headers, error) => {
    const r = await send(`${fake.url}/1/upload`, text, { headers: { ...AUTH, ...headers } });
    expect([r.status, r.json]).toEqual([400, fail(error as string)]);
  });

  it('gzip → 400: CleverTap documents no compressed uploads', async () => {
    const r = await upload([event(0)], { gzip: true });
    expect([r.status, r.json]).toEqual([400, fail('Content-Encoding "gzip" is not supported: send the JSON as it is')]);
  });

  it('1000 records in a call are taken; 1001 → 400 and none stored', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => event(i));
    expect((await upload(many.slice(0, 1000))).json).toEqual({ status: 'success', processed: 1000, unprocessed: [] });
    const over = await upload(many);
    expect([over.status, over.json]).toEqual([400, fail('Too many records: 1001 in one request, at most 1000')]);
    expect(fake.records()).toHaveLength(1000);
    expect(fake.requests()[1]).toMatchObject({ status: 400, records: 1001, stored: 0 });
  });

  it('a body over the fake’s own cap → 413 Payload too large', async () => {
    const small = await startCleverTapFake({ maxBodyBytes: 2000 });
    try {
      const r = await postJson(`${small.url}/1/upload`, { d: [event(0, { evtData: { blob: 'x'.repeat(3000) } })] }, { headers: AUTH });
      expect([r.status, r.json]).toEqual([413, { status: 'fail', error: 'Payload too large', code: 413 }]);
    } finally {
      await small.close();
    }
  });
});

describe('each record: refused in unprocessed, the rest processed', () => {
  const long = (n: number) => 'k'.repeat(n);
  const manyProps = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]));

  it.each([
    ['not an object', 'x', 524, 'Data neither event nor profile: a record must be a JSON object. '],
    ['no identity at all', { type: 'event', evtName: 'x', evtData: {} }, 523, `${MISSING_IDENTITY}. `],
    ['an empty identity (as recorded)', event(1, { identity: '' }), 523, `${MISSING_IDENTITY}. `],
    ['an identity over 120 characters', event(1, { identity: long(121) }), 523, `${MISSING_IDENTITY}. `],
    ['identity and objectId both', event(1, { objectId: '__g1' }), 523, "Only one of 'identity', 'objectId', 'FBID' or 'GPID' may identify the user; this record has 'identity' and 'objectId'. "],
    ['an objectId that is not a string', { objectId: 42, type: 'event', evtName: 'x', evtData: {} }, 526, 'objectId invalid: it must be a string, got 42. '],
    ['a type that is neither', event(1, { type: 'token' }), 524, 'Data neither event nor profile: type must be "event" or "profile", got "token". '],
    ['no type', event(1, { type: undefined }), 524, 'Data neither event nor profile: type must be "event" or "profile", got undefined. '],
    ['ts in milliseconds', event(1, { ts: 1_704_067_200_000 }), 525, 'Timestamp not in UNIX epoch format: ts must be whole seconds since 1970, got 1704067200000 (that is milliseconds; ts is in seconds). '],
    ['ts as an ISO string', event(1, { ts: '2024-01-01T00:00:00Z' }), 525, 'Timestamp not in UNIX epoch format: ts must be whole seconds since 1970, got "2024-01-01T00:00:00Z". '],
    ['ts with a fraction', event(1, { ts: 1_704_067_200.5 }), 525, 'Timestamp not in UNIX epoch format: ts must be whole seconds since 1970, got 1704067200.5. '],
    ['no evtName', event(1, { evtName: undefined }), 509, 'Event name mandatory: evtName must be a non-empty string. '],
    ['a system event', event(1, { evtName: 'App Launched' }), 513, 'Raised a restricted system event: "App Launched" is raised by CleverTap itself. '],
    ['no evtData', event(1, { evtData: undefined }), 512, 'Invalid event structure: evtData must be an object. '],
    ['101 event properties', event(1, { evtData: manyProps(101) }), 522, 'Event properties limit exceeded: 101 properties, at most 100. '],
    ['an event key of 121 characters', event(1, { evtData: { [long(121)]: 1 } }), 512, `Invalid event structure: property name "${long(40)}…" is 121 characters, at most 120. `],
    ['an event value of 513 bytes', event(1, { evtData: { note: 'é'.repeat(256) + 'x' } }), 512, 'Invalid event structure: the value of "note" is 513 bytes, at most 512. '],
    ['a date in milliseconds', event(1, { evtData: { signed_up: '$D_1704067200000' } }), 525, 'Timestamp not in UNIX epoch format: "$D_1704067200000" in "signed_up"; dates are "$D_<epoch seconds>". '],
    ['a $D_ that is not a number', event(1, { evtData: { when: '$D_2024-01-01' } }), 525, 'Timestamp not in UNIX epoch format: "$D_2024-01-01" in "when"; dates are "$D_<epoch seconds>". '],
    ['a bad date inside a list', event(1, { evtData: { Items: [{ at: '$D_x' }] } }), 525, 'Timestamp not in UNIX epoch format: "$D_x" in "Items"; dates are "$D_<epoch seconds>". '],
    ['no profileData', profile(1, {}, { profileData: undefined }), 512, 'Profile data is incorrect. profileData must be an object.'],
    ['Gender "GG" (recorded)', profile(1, { Gender: 'GG' }), 514, 'Profile data is incorrect. Gender needs to be M/F.'],
    ['Email "1234" (recorded)', profile(1, { Email: '1234' }), 515, 'Profile data is incorrect. Email is not valid.'],
    ['Phone "223" (recorded)', profile(1, { Phone: '223' }), 516, 'Profile data is incorrect. Phone number is not valid.'],
    ['a Phone without +country code', profile(1, { Phone: '4155551234' }), 516, 'Profile data is incorrect. Phone number is not valid.'],
    ['a Phone as a number', profile(1, { Phone: 14155551234 }), 516, 'Profile data is incorrect. Phone number is not valid.'],
    ['Employed "223" (recorded)', profile(1, { Employed: '223' }), 517, 'Profile data is incorrect. Employed needs to be Y/N.'],
    ['Education "223" (recorded)', profile(1, { Education: '223' }), 518, 'Profile data is incorrect. Education needs to be School/College/Graduate..'],
    ['Married "223" (recorded)', profile(1, { Married: '223' }), 519, 'Profile data is incorrect. Married needs to be Y/N.'],
    ['Age "aa" (recorded)', profile(1, { Age: 'aa' }), 520, 'Profile data is incorrect. Age is invalid.'],
    ['a profile key over 120 bytes (61 two-byte characters)', profile(1, { ['é'.repeat(61)]: 1 }), 512, `Profile data is incorrect. property name "${'é'.repeat(40)}…" is 122 bytes, at most 120.`],
    ['a profile value over 512 bytes', profile(1, { bio: 'x'.repeat(513) }), 512, 'Profile data is incorrect. the value of "bio" is 513 bytes, at most 512.'],
    ['a profile date in milliseconds', profile(1, { DOB: '$D_631152000000' }), 525, 'Timestamp not in UNIX epoch format: "$D_631152000000" in "DOB"; dates are "$D_<epoch seconds>". '],
  ])('%s → code %s, exact words, the record echoed; its neighbours stored', async (_what, bad, code, text) => {
    const r = await upload([event(0), bad, profile(2)]);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'partial', processed: 2, unprocessed: [{ status: 'fail', code, error: `${text}Skipped record number : 2`, record: bad }] });
    expect(stored()).toEqual([event(0), profile(2)]);
    expect(fake.requests()).toEqual([expect.objectContaining({ status: 200, records: 3, processed: 2, stored: 2 })]);
    expect(fake.stats()).toMatchObject({ accepted: 2, unprocessed: 1 });
  });

  it('every limit at its edge is taken, and the accepted identities, dates and standard fields', async () => {
    const edge = [
      event(0, { evtData: manyProps(100) }),
      event(1, { evtData: { [long(120)]: 'é'.repeat(256), when: '$D_1704067200', born: '$D_-315619200', list: ['$D_0', 'x'] } }),
      { identity: 42, type: 'event', evtName: 'n', evtData: {} },
      { FBID: '34322423', type: 'event', evtName: 'Product viewed', evtData: { Price: 59.99 } },
      { GPID: 'g-1', type: 'profile', profileData: { favoriteFood: 'hot dogs' } },
      { objectId: '-2ce3cca260664f70b82b1c6bb505f462', type: 'profile', profileData: {} },
      profile(6, { Gender: 'F', Email: 'a@b.co', Phone: '+14155551234', Employed: 'N', Education: 'College', Married: 'Y', Age: 30, DOB: '$D_631152000', Email2: null }),
      profile(7, { Age: '18', Gender: null, ['é'.repeat(60)]: 1 }),
      { identity: 'u8', type: 'event', evtName: 'Charged', evtData: { Amount: 300, Items: [{ Category: 'books', Quantity: 1 }] } },
    ];
    const r = await upload(edge);
    expect(r.json).toEqual({ status: 'success', processed: edge.length, unprocessed: [] });
    expect(stored()).toEqual(edge);
    expect(fake.records().every((x) => x.receivedAt === clock && x.account === 'CT_ACCOUNT')).toBe(true);
    expect(fake.events()).toHaveLength(5);
    expect(fake.profiles()).toHaveLength(4);
  });

  it('several bad records: each named by its number, in order', async () => {
    const r = await upload([profile(0, { Email: 'no' }), event(1), event(2, { identity: '' }), event(3, { ts: 'now' })]);
    expect(r.json).toMatchObject({
      status: 'partial',
      processed: 1,
      unprocessed: [
        { code: 515, error: 'Profile data is incorrect. Email is not valid.Skipped record number : 1' },
        { code: 523, error: `${MISSING_IDENTITY}. Skipped record number : 3` },
        { code: 525, error: expect.stringMatching(/Skipped record number : 4$/) },
      ],
    });
  });
});

describe('custom profile keys: at most 256 per account', () => {
  const keys = (from: number, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${from + i}`, i]));
  const bare = (i: number, profileData: Rec): Rec => ({ identity: `user-${i}`, type: 'profile', profileData });

  it('the record that would make it 257 is refused; known keys, standard keys and other accounts are not limited', async () => {
    const accounts = await startCleverTapFake({ accounts: [{ id: 'A', passcode: 'a' }, { id: 'B', passcode: 'b' }] });
    try {
      const up = (account: string, passcode: string, d: unknown[], query = '') =>
        postJson(`${accounts.url}/1/upload${query}`, { d }, { headers: { 'X-CleverTap-Account-Id': account, 'X-CleverTap-Passcode': passcode } });
      expect((await up('A', 'a', [bare(0, keys(0, 200))])).json).toMatchObject({ status: 'success' });
      // A dry run is judged the same way but leaves the account's keys as they were.
      expect((await up('A', 'a', [bare(1, keys(200, 56))], '?dryRun=1')).json).toMatchObject({ status: 'success', processed: 1 });
      const tooMany = bare(1, { ...keys(150, 50), ...keys(200, 57) });
      expect((await up('A', 'a', [tooMany])).json).toEqual({
        status: 'fail',
        processed: 0,
        unprocessed: [
          {
            status: 'fail',
            code: 512,
            error: 'Profile data is incorrect. custom profile properties limit exceeded: this record would bring the account to 257, at most 256.Skipped record number : 1',
            record: tooMany,
          },
        ],
      });
      expect((await up('A', 'a', [bare(2, { ...keys(0, 200), ...keys(200, 56), Email: 'a@b.co', Phone: '+4915112345678', Name: 'N' })])).json).toMatchObject({ status: 'success' });
      expect((await up('A', 'a', [bare(3, keys(256, 1))])).json).toMatchObject({ status: 'fail', unprocessed: [{ code: 512 }] });
      expect((await up('B', 'b', [bare(4, keys(1000, 256))])).json).toMatchObject({ status: 'success' });
    } finally {
      await accounts.close();
    }
  });

  it('keys a request brings count for its later records', async () => {
    const small = await startCleverTapFake({ maxCustomProfileKeys: 3 });
    try {
      const r = await postJson(`${small.url}/1/upload`, { d: [bare(0, keys(0, 2)), bare(1, keys(2, 1)), bare(2, keys(3, 1)), bare(3, keys(0, 3))] }, { headers: AUTH });
      expect(r.json).toMatchObject({ status: 'partial', processed: 3, unprocessed: [{ code: 512, error: expect.stringMatching(/bring the account to 4, at most 3\.Skipped record number : 3$/) }] });
    } finally {
      await small.close();
    }
  });
});

describe('the answer', () => {
  it('all processed → success; none → fail; some → partial', async () => {
    expect((await upload([event(0)])).json).toEqual({ status: 'success', processed: 1, unprocessed: [] });
    expect((await upload([event(1, { identity: '' })])).json).toMatchObject({ status: 'fail', processed: 0 });
    expect((await upload([event(1, { identity: '' }), event(2)])).json).toMatchObject({ status: 'partial', processed: 1 });
  });

  it('answers as CleverTap was recorded in 2018: the education cassette, status fail, the record an object', async () => {
    const sent = { identity: '9', ts: 1521649266, type: 'profile', profileData: { identity: 9, created_at: '2018-03-21 18:21:06 +0200', Name: 'John Rush', Email: 'example@gmail.com', Gender: 'M', Phone: '+35922333232', Employed: 'Y', Education: '223', Married: 'Y', Age: '18' } };
    const r = await upload([sent]);
    expect(r.json).toEqual({
      status: 'fail',
      processed: 0,
      unprocessed: [{ status: 'fail', code: 518, error: 'Profile data is incorrect. Education needs to be School/College/Graduate..Skipped record number : 1', record: sent }],
    });
  });

  it('responseStyle legacy answers as recorded in 2017: status success with nothing processed, the record a JSON string', async () => {
    const legacy = await startCleverTapFake({ responseStyle: 'legacy' });
    try {
      // The 2017 cassette "uploading an event / with missing identity field".
      const sent = { identity: '', ts: 1488804947, type: 'event', evtData: { 'User ID': 555, mobile: true }, evtName: 'register' };
      const r = await postJson(`${legacy.url}/1/upload`, { d: [sent] }, { headers: AUTH });
      expect(r.json).toEqual({
        status: 'success',
        processed: 0,
        unprocessed: [{ status: 'fail', code: 523, error: `${MISSING_IDENTITY}. Skipped record number : 1`, record: JSON.stringify(sent) }],
      });
      const ok = await postJson(`${legacy.url}/1/upload`, { d: [{ ...sent, identity: '555' }] }, { headers: AUTH });
      expect(ok.json).toEqual({ status: 'success', processed: 1, unprocessed: [] });
    } finally {
      await legacy.close();
    }
  });
});

describe('?dryRun=1', () => {
  it('the same answer, nothing stored, counted apart', async () => {
    const d = [event(0), profile(1, { Phone: '223' })];
    const dry = await upload(d, { query: '?dryRun=1' });
    expect(dry.json).toEqual({ status: 'partial', processed: 1, unprocessed: [expect.objectContaining({ code: 516 })] });
    expect(fake.records()).toEqual([]);
    expect(fake.requests()).toEqual([expect.objectContaining({ dryRun: true, processed: 1, stored: 0 })]);
    expect(fake.stats()).toMatchObject({ accepted: 0, dryRunProcessed: 1, unprocessed: 1 });
    expect((await upload(d)).json).toEqual(dry.json);
    expect(fake.records()).toHaveLength(1);
  });

  it('is still checked for credentials', async () => {
    const r = await postJson(`${fake.url}/1/upload?dryRun=1`, { d: [event(0)] }, { headers: { ...AUTH, 'X-CleverTap-Passcode': 'x' } });
    expect(r.status).toBe(401);
  });
});

describe('no idempotency key: every copy is stored', () => {
  it('the same batch twice is stored twice; duplicates(field) counts them', async () => {
    const d = [event(1), event(2), profile(3, { floe_id: 'p-3' })];
    await upload(d);
    await upload([event(2), event(4)]);
    expect(fake.events().map((e) => (e.evtData as Rec).floe_id)).toEqual(['row-1', 'row-2', 'row-2', 'row-4']);
    expect(fake.duplicates('evtData.floe_id')).toEqual([{ value: 'row-2', count: 2 }]);
    expect(fake.duplicates('identity')).toEqual([{ value: 'user-2', count: 2 }]);
    expect(fake.duplicates('profileData.floe_id')).toEqual([]);
    expect(fake.duplicates('evtData.nothing')).toEqual([]);
    expect(fake.stats()).toMatchObject({ accepted: 5 });
  });

  it('GET /__fake/duplicates?field=…; without a field → 400', async () => {
    await upload([event(1), event(1)]);
    const r = await send(`${fake.url}/__fake/duplicates?field=evtData.floe_id`, null, { method: 'GET' });
    expect(r.json).toEqual({ field: 'evtData.floe_id', duplicates: [{ value: 'row-1', count: 2 }] });
    expect((await send(`${fake.url}/__fake/duplicates`, null, { method: 'GET' })).status).toBe(400);
  });
});
