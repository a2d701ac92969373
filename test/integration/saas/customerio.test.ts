import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedSizes } from '../../emulators/snowflake';
import { startCustomerIoFake, type CustomerIoFake } from '../../emulators/destinations/customerio';
import { validateCustomerIoBody } from '../../helpers/customerio-openapi';
import { accountedFor, useSaasEnv } from './helpers';

const ROWS = 600;
const SIZES = seedSizes(ROWS);
const USER_COLUMNS = ['USER_ID', 'EMAIL', 'FIRST_NAME', 'PLAN', 'UPDATED_AT', 'ATTRIBUTES'];
const USERS = `SELECT ${USER_COLUMNS.join(', ')} FROM USERS`;

const env = useSaasEnv(ROWS);
let fake: CustomerIoFake;
beforeAll(async () => {
  fake = await startCustomerIoFake();
});
afterAll(async () => fake?.close());
beforeEach(() => fake.reset());

const customerio = (key = 'CIO_KEY', settings: Record<string, unknown> = {}) => env.destination('customerio', { endpoint: fake.url, batchSize: 40, concurrency: 4, ...settings }, key);
const identifySync = async (query = USERS) => env.sync((await customerio()).id, 'customerio', 'identify', query, USER_COLUMNS);
const userIds = () => fake.calls().map((c) => c.userId as string);

/**
 * Problems the OpenAPI file finds in a body Floe sends. Each batched call is checked against its
 * own endpoint's schema exactly as written, and the batch as a whole with the file's oneOf read
 * as anyOf: in the batch schema a tracked known user also fits the anonymous branch (which
 * requires no anonymousId there), and the group schema's two branches require nothing, so any
 * group call fits both and "exactly one" can never hold. Group calls are read the same way.
 */
function problems(type: string, path: Parameters<typeof validateCustomerIoBody>[0], body: { batch?: unknown[] }): string[] {
  if (path !== '/batch') return validateCustomerIoBody(path, body);
  const loose = { oneOfAsAnyOf: true };
  return [
    ...validateCustomerIoBody('/batch', body, loose),
    ...(body.batch ?? []).flatMap((call) => validateCustomerIoBody(`/${type}` as typeof path, call, type === 'group' ? loose : {})),
  ];
}

/** One query per call type over the demo tables, mapped by its preset. */
const CALLS: Array<[type: string, query: string, columns: string[]]> = [
  ['identify', USERS, USER_COLUMNS],
  ['track', 'SELECT EVENT_ID, USER_ID, EVENT_NAME, EVENT_TIMESTAMP, PROPERTIES FROM APP_EVENTS', ['EVENT_ID', 'USER_ID', 'EVENT_NAME', 'EVENT_TIMESTAMP', 'PROPERTIES']],
  ['group', 'SELECT USER_ID, ACCOUNT_ID, PLAN, UPDATED_AT FROM USERS', ['USER_ID', 'ACCOUNT_ID', 'PLAN', 'UPDATED_AT']],
  ['page', 'SELECT PAGE_VIEW_ID, USER_ID, ANONYMOUS_ID, PAGE_PATH, URL, VIEWED_AT FROM PAGE_VIEWS', ['PAGE_VIEW_ID', 'USER_ID', 'ANONYMOUS_ID', 'PAGE_PATH', 'URL', 'VIEWED_AT']],
  ['screen', 'SELECT SCREEN_VIEW_ID, USER_ID, SCREEN_NAME, VIEWED_AT, PROPERTIES FROM SCREEN_VIEWS', ['SCREEN_VIEW_ID', 'USER_ID', 'SCREEN_NAME', 'VIEWED_AT', 'PROPERTIES']],
  ['alias', "SELECT USER_ID, 'anon_' || USER_ID AS PREVIOUS_ID FROM USERS", ['USER_ID', 'PREVIOUS_ID']],
];

describe('Customer.io: every call type', () => {
  it.each(CALLS)('%s: every dry-run body validates against Customer.io’s OpenAPI file, and a run stores every row once', async (type, query, columns) => {
    const destination = await customerio();
    const sync = await env.sync(destination.id, 'customerio', type, query, columns);
    const dry = await env.ctx.core.handlers['syncs.dryRun']({ id: sync.id, sampleSize: 30 });
    expect(dry.counts.rejected).toBe(0);
    expect(dry.requests.length).toBeGreaterThan(0);
    for (const request of dry.requests) {
      expect(request.headers).toMatchObject({ authorization: 'Basic ••••••', 'x-strict-mode': '1' });
      const path = new URL(request.url).pathname.replace(/^\/v1/, '') as Parameters<typeof validateCustomerIoBody>[0];
      expect(path).toBe(type === 'alias' ? '/alias' : '/batch');
      for (const body of request.body.split('\n')) expect(problems(type, path, JSON.parse(body))).toEqual([]);
    }
    expect(fake.requests()).toHaveLength(0);

    const run = await env.run(sync.id);
    expect(run.error).toBeNull();
    expect(run.counters.sent).toBe(run.counters.read);
    const calls = fake.calls();
    expect(calls).toHaveLength(run.counters.sent);
    expect(calls.every((c) => c.type === type)).toBe(true);
    expect(new Set(calls.map((c) => c.messageId)).size).toBe(calls.length);
  });
});

describe('Customer.io: a sync of the demo users (identify)', () => {
  it('stores every person once with traits, timestamp and the row key as messageId, in strict mode', async () => {
    const run = await env.run((await identifySync()).id);
    expect(run.counters).toMatchObject({ read: SIZES.users, sent: SIZES.users, rejected: 0 });
    expect(new Set(userIds()).size).toBe(SIZES.users);
    const first = fake.calls().find((c) => c.userId === 'user_0000001')!;
    expect(first).toMatchObject({ type: 'identify', strict: true, timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), traits: { email: 'user0000001@example.com', first_name: expect.any(String), plan: expect.any(String) } });
    expect(fake.requests().every((r) => r.path === '/v1/batch' && r.strict)).toBe(true);
  });

  it('rejects rows without a person before sending them, with the reason', async () => {
    const query = `SELECT CASE WHEN USER_ID LIKE '%3' THEN NULL ELSE USER_ID END AS USER_ID, EMAIL, FIRST_NAME, PLAN, UPDATED_AT, ATTRIBUTES FROM USERS`;
    const run = await env.run((await identifySync(query)).id);
    const refused = SIZES.users / 10;
    expect(run.counters, `${run.status}: ${JSON.stringify(run.error)}`).toMatchObject({ read: SIZES.users, sent: SIZES.users - refused, rejected: refused });
    expect(fake.calls()).toHaveLength(SIZES.users - refused);
  });
});

describe('Customer.io: faults', () => {
  it('a strict-mode 400 naming calls rejects exactly those, with Customer.io’s message, and stores the rest', async () => {
    fake.faults.invalidWhen((call) => ((call.userId as string).endsWith('5') ? 'traits.email: not an address' : null));
    const run = await env.run((await identifySync()).id);
    const bad = SIZES.users / 10;
    expect(run.counters).toMatchObject({ sent: SIZES.users - bad, rejected: bad });
    expect(userIds().some((id) => id.endsWith('5'))).toBe(false);
    expect(fake.calls()).toHaveLength(SIZES.users - bad);
    const rejected = await env.ctx.core.handlers['runs.rejected']({ runId: run.id, limit: 1000 });
    expect(rejected).toHaveLength(bad);
    expect(rejected.every((r) => /Customer\.io refused the call: .*not an address/.test(r.destinationMessage ?? ''))).toBe(true);
    expect(accountedFor(run)).toBe(true);
  });

  it('429s, 5xx and lost acknowledgements: every person stored once (messageId)', async () => {
    fake.faults.rateLimit(2);
    fake.faults.fail(2, 503);
    fake.faults.acceptThenDrop(2);
    const run = await env.run((await identifySync()).id);
    expect(run.counters).toMatchObject({ sent: SIZES.users, rejected: 0 });
    expect(fake.calls()).toHaveLength(SIZES.users);
    expect(new Set(userIds()).size).toBe(SIZES.users);
  });

  it('a refused API key stops the run at once with where to find the key; nothing counts as sent', async () => {
    const destination = await customerio('WRONG_KEY');
    const run = await env.run((await env.sync(destination.id, 'customerio', 'identify', USERS, USER_COLUMNS)).id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'destination_refused', message: expect.stringMatching(/Customer.io refused the API key \(HTTP 401/), remedy: expect.stringMatching(/API key.*region/) });
    expect(run.counters.sent).toBe(0);
    expect(fake.calls()).toHaveLength(0);
  });
});
