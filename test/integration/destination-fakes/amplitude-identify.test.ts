import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAmplitudeFake, type AmplitudeFake } from '../../emulators/destinations/amplitude';
import { send } from './helpers';

// /identify and /groupidentify take `api_key` and `identification` as form fields or query
// parameters and answer in plain text (destinations.md §1.7–1.8).

let fake: AmplitudeFake;

beforeAll(async () => {
  fake = await startAmplitudeFake();
});

beforeEach(() => fake.reset());

afterAll(async () => {
  await fake.close();
});

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const identification = (value: unknown) => JSON.stringify(value);

describe('/identify', () => {
  it('a form body with an array of identifications → 200 text "success", each stored', async () => {
    const people = [
      { user_id: 'user-0001', user_properties: { $set: { plan: 'pro' } } },
      { device_id: 'device-0002', user_properties: { city: 'Oslo' } },
    ];
    const r = await send(`${fake.url}/identify`, form({ api_key: 'AMP_KEY', identification: identification(people) }), { headers: FORM });
    expect([r.status, r.text, r.headers.get('content-type')]).toEqual([200, 'success', 'text/plain; charset=utf-8']);
    expect(fake.identifies().map(({ receivedAt: _r, ...i }) => i)).toEqual(people);
    expect(fake.groupIdentifies()).toEqual([]);
  });

  it('one object in query parameters, by GET or POST, gzip form bodies too', async () => {
    const q = form({ api_key: 'AMP_KEY', identification: identification({ user_id: 'user-0003' }) });
    expect((await send(`${fake.url}/identify?${q}`, null, { method: 'GET' })).text).toBe('success');
    expect((await send(`${fake.url}/identify?${q}`, null)).text).toBe('success');
    expect((await send(`${fake.url}/identify`, q, { headers: FORM, gzip: true })).text).toBe('success');
    expect(fake.identifies()).toHaveLength(3);
  });

  it.each([
    ['no api_key', { identification: identification({ user_id: 'user-0001' }) }, /^missing api_key$/],
    ['an unknown key', { api_key: 'NOPE', identification: identification({ user_id: 'user-0001' }) }, /^Invalid API key$/],
    ['no identification', { api_key: 'AMP_KEY' }, /^missing_event$/],
    ['identification that is not JSON', { api_key: 'AMP_KEY', identification: '{user_id:' }, /^missing_event$/],
    ['an empty array', { api_key: 'AMP_KEY', identification: '[]' }, /^missing_event$/],
    ['no user_id or device_id', { api_key: 'AMP_KEY', identification: identification([{ user_id: 'user-0001' }, { user_properties: {} }]) }, /^identification\[1\]: needs a user_id or a device_id$/],
    ['a placeholder id', { api_key: 'AMP_KEY', identification: identification({ user_id: 'none' }) }, /^identification\[0\]: needs a user_id or a device_id$/],
    ['a short id', { api_key: 'AMP_KEY', identification: identification({ device_id: 'abc' }) }, /^identification\[0\]: device_id is shorter than 5 characters$/],
    ['user_properties that are not an object', { api_key: 'AMP_KEY', identification: identification({ user_id: 'user-0001', user_properties: 'x' }) }, /user_properties must be an object/],
  ])('%s → 400 with a text reason, nothing stored', async (_what, fields, reason) => {
    const r = await send(`${fake.url}/identify`, form(fields), { headers: FORM });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(reason);
    expect(fake.identifies()).toEqual([]);
  });

  it('a JSON body → 400 (form fields or query parameters only)', async () => {
    const r = await send(`${fake.url}/identify`, JSON.stringify({ api_key: 'AMP_KEY', identification: { user_id: 'user-0001' } }), { headers: { 'Content-Type': 'application/json' } });
    expect([r.status, r.text]).toEqual([400, 'Content-Type must be application/x-www-form-urlencoded, got "application/json"']);
  });
});

describe('/groupidentify', () => {
  const group = (i: number) => ({ group_type: 'company', group_value: `acct_${i}`, group_properties: { $set: { plan: 'pro' } } });

  it('group_type and group_value, as form fields or in the query of a POST', async () => {
    expect((await send(`${fake.url}/groupidentify`, form({ api_key: 'AMP_KEY', identification: identification([group(1), group(2)]) }), { headers: FORM })).text).toBe('success');
    const q = form({ api_key: 'AMP_KEY', identification: identification(group(3)) });
    expect((await send(`${fake.url}/groupidentify?${q}`, null)).text).toBe('success');
    expect(fake.groupIdentifies().map((g) => g.group_value)).toEqual(['acct_1', 'acct_2', 'acct_3']);
  });

  it.each([
    ['no group_value', { group_type: 'company' }, /identification\[0\]: group_value is required/],
    ['an empty group_type', { group_type: '', group_value: 'acct_1' }, /identification\[0\]: group_type is required/],
    ['group_properties that are not an object', { ...group(1), group_properties: [1] }, /group_properties must be an object/],
  ])('%s → 400', async (_what, item, reason) => {
    const r = await send(`${fake.url}/groupidentify`, form({ api_key: 'AMP_KEY', identification: identification(item) }), { headers: FORM });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(reason);
  });

  it('takes 1024 group identifications and refuses 1025', async () => {
    const many = (n: number) => form({ api_key: 'AMP_KEY', identification: identification(Array.from({ length: n }, (_, i) => group(i))) });
    expect((await send(`${fake.url}/groupidentify`, many(1024), { headers: FORM })).status).toBe(200);
    const over = await send(`${fake.url}/groupidentify`, many(1025), { headers: FORM });
    expect([over.status, over.text]).toEqual([400, 'too many group identifications: 1025 (at most 1024)']);
    expect(fake.groupIdentifies()).toHaveLength(1024);
    expect(fake.stats().accepted).toBe(1024);
  });
});
