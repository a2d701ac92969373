import CleverTap from 'clevertap';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCleverTapFake, type CleverTapFake } from '../../emulators/destinations/clevertap';
import { guardLoopback, sdkRequests, send } from './helpers';

// What a real CleverTap client sends must get through the fake: the official Node SDK's upload
// request as captured (official-sdk-requests.json) replayed byte for byte, and the SDK itself
// (npm `clevertap`, the version the capture names) pointed at the fake. The SDK builds its URL
// from the region (`https://<region>.api.clevertap.com/1`) and has no option for another host,
// so the test sets its `api.apiEndpoint`; the loopback guard refuses anything not for 127.0.0.1.

let fake: CleverTapFake;
let guard: ReturnType<typeof guardLoopback>;

beforeAll(async () => {
  fake = await startCleverTapFake({
    accounts: [
      { id: 'CT_ACCOUNT', passcode: 'CT_PASSCODE' },
      { id: 'IN_ACCOUNT', passcode: 'IN_PASSCODE', region: 'in1' },
    ],
  });
});

beforeEach(() => {
  fake.reset();
  guard = guardLoopback();
});

afterEach(() => guard.restore());

afterAll(async () => {
  await fake.close();
});

type Rec = Record<string, unknown>;
const withoutMeta = (records: Rec[]) => records.map(({ receivedAt: _r, account: _a, ...r }) => r);

/** The official SDK, its requests sent to the fake instead of `https://<region>.api.clevertap.com`. */
function client(account = 'CT_ACCOUNT', passcode = 'CT_PASSCODE', region: string = CleverTap.REGIONS.EUROPE) {
  const ct = CleverTap.init(account, passcode, region);
  expect(ct.api.apiEndpoint).toBe(`https://${region}.api.clevertap.com/1`);
  ct.api.apiEndpoint = `${fake.url}/1`;
  return ct;
}

describe('the captured request of the official SDK', () => {
  const captured = sdkRequests().filter((r) => r.path === '/1/upload');

  it('is there, with the fake’s default account', () => {
    expect(captured).toHaveLength(1);
    expect(captured[0]!.headers).toMatchObject({ 'x-clevertap-account-id': 'CT_ACCOUNT', 'x-clevertap-passcode': 'CT_PASSCODE' });
  });

  it.each(captured.map((r) => [r.path, r] as const))('replayed to %s with its headers: 200 success and every record stored as sent', async (_path, r) => {
    const d = r.body.d as Rec[];
    const reply = await send(fake.url + r.path, JSON.stringify(r.body), { method: r.method, headers: r.headers });
    expect([reply.status, reply.json]).toEqual([200, { status: 'success', processed: d.length, unprocessed: [] }]);
    expect(withoutMeta(fake.records())).toEqual(d);
    expect(fake.profiles().map((p) => p.identity)).toEqual(['u1']);
    expect(fake.events().map((e) => e.evtName)).toEqual(['Product Viewed', 'App Opened']);
  });

  it('replayed as a dry run: the same answer, nothing stored', async () => {
    const r = captured[0]!;
    const reply = await send(`${fake.url}${r.path}?dryRun=1`, JSON.stringify(r.body), { method: r.method, headers: r.headers });
    expect(reply.json).toEqual({ status: 'success', processed: 3, unprocessed: [] });
    expect(fake.records()).toEqual([]);
  });
});

describe('the official clevertap SDK against the fake', () => {
  // The SDK README's records (plus a ts where it leaves `t` undefined).
  const readme: Rec[] = [
    { type: 'event', identity: '6264372124', evtName: 'choseNewFavoriteFood', evtData: { value: 'sushi' } },
    { type: 'profile', identity: '6264372124', ts: 1_704_067_200, profileData: { favoriteColor: 'green', Age: 30, Phone: '+14155551234', Email: 'peter@foo.com' } },
    { type: 'event', FBID: '34322423', evtName: 'Product viewed', evtData: { 'Product name': 'Casio Chronograph Watch', Category: 'Mens Watch', Price: 59.99, Currency: 'USD' } },
    { type: 'profile', objectId: '-2ce3cca260664f70b82b1c6bb505f462', profileData: { favoriteFood: 'hot dogs' } },
    { type: 'event', objectId: '-2ce3cca260664f70b82b1c6bb505f462', evtName: 'choseNewFavoriteFood', evtData: {} },
    {
      type: 'event',
      identity: 'jack@gmail.com',
      ts: 1_704_067_200,
      evtName: 'Charged',
      evtData: { Amount: 300, Currency: 'USD', 'Payment mode': 'Credit Card', Items: [{ Category: 'books', 'Book name': 'The millionaire next door', Quantity: 1 }] },
    },
  ];

  it('upload(): every README record processed and stored as sent, through 127.0.0.1 only', async () => {
    const answer = await client().upload(readme);
    expect(answer).toEqual({ status: 'success', processed: readme.length, unprocessed: [] });
    expect(withoutMeta(fake.records())).toEqual(readme);
    expect(fake.requests()).toEqual([expect.objectContaining({ path: '/1/upload', status: 200, region: 'eu1', records: 6, stored: 6 })]);
    expect(new Set(guard.hosts)).toEqual(new Set(['127.0.0.1']));
  });

  it('250 records go as three calls of at most 100 (the SDK’s batch size), all stored', async () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ type: 'event', identity: `u${i}`, ts: 1_704_067_200, evtName: 'played', evtData: { floe_id: `row-${i}` } }));
    const answers = await client().upload(many);
    expect(answers).toEqual([
      { status: 'success', processed: 100, unprocessed: [] },
      { status: 'success', processed: 100, unprocessed: [] },
      { status: 'success', processed: 50, unprocessed: [] },
    ]);
    expect(fake.events()).toHaveLength(250);
    expect(fake.requests().map((r) => r.records)).toEqual([100, 100, 50]);
    expect(fake.duplicates('evtData.floe_id')).toEqual([]);
  });

  it('the same upload twice is stored twice: no idempotency key', async () => {
    const ct = client();
    await ct.upload(readme.slice(0, 1));
    await ct.upload(readme.slice(0, 1));
    expect(fake.duplicates('evtData.value')).toEqual([{ value: 'sushi', count: 2 }]);
  });

  it('a bad record comes back in unprocessed with CleverTap’s code; the rest is stored', async () => {
    const answer = await client().upload([readme[0]!, { type: 'profile', identity: '7', profileData: { Phone: '223' } }]);
    expect(answer).toEqual({
      status: 'partial',
      processed: 1,
      unprocessed: [{ status: 'fail', code: 516, error: 'Profile data is incorrect. Phone number is not valid.Skipped record number : 2', record: { type: 'profile', identity: '7', profileData: { Phone: '223' } } }],
    });
    expect(fake.records()).toHaveLength(1);
  });

  it('a wrong passcode: the SDK resolves with the documented 401 body', async () => {
    expect(await client('CT_ACCOUNT', 'WRONG').upload(readme)).toEqual({ status: 'fail', error: 'Account ID is not valid', code: 401 });
    expect(fake.records()).toEqual([]);
  });

  it('the region: an in1 client reaching the fake as in1.api.clevertap.com is refused for an eu1 account, taken for an in1 one', async () => {
    const asIndia = { headers: { Host: 'in1.api.clevertap.com' } };
    expect(await client('CT_ACCOUNT', 'CT_PASSCODE', CleverTap.REGIONS.INDIA).upload(readme, asIndia)).toEqual({ status: 'fail', error: 'Account ID is not valid', code: 401 });
    expect(await client('IN_ACCOUNT', 'IN_PASSCODE', CleverTap.REGIONS.INDIA).upload(readme, { headers: { Host: 'in1.api.clevertap.com' } })).toMatchObject({ status: 'success' });
    expect(fake.requests().map((r) => [r.region, r.status, r.error])).toEqual([
      ['in1', 401, 'account "CT_ACCOUNT" is in region eu1, the request went to in1'],
      ['in1', 200, null],
    ]);
  });

  it('16 uploads at once: one is answered 429 Too many concurrent requests', async () => {
    fake.faults.slow(1000);
    const ct = client();
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => ct.upload([{ ...readme[0]!, identity: `u${i}` }])));
    expect(answers.filter((a) => (a as Rec).code === 429)).toEqual([{ status: 'fail', error: 'Too many concurrent requests', code: 429 }]);
    expect(fake.events()).toHaveLength(15);
  });
});
