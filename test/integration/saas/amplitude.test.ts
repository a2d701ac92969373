import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedSizes } from '../../emulators/snowflake';
import { startAmplitudeFake, type AmplitudeFake } from '../../emulators/destinations/amplitude';
import { accountedFor, useSaasEnv } from './helpers';

const ROWS = 600;
const SIZES = seedSizes(ROWS);
const COLUMNS = ['EVENT_ID', 'EVENT_NAME', 'USER_ID', 'DEVICE_ID', 'EVENT_TIMESTAMP', 'PROPERTIES'];
const QUERY = `SELECT ${COLUMNS.join(', ')} FROM APP_EVENTS`;

const env = useSaasEnv(ROWS);
let fake: AmplitudeFake;
beforeAll(async () => {
  fake = await startAmplitudeFake();
});
afterAll(async () => fake?.close());
beforeEach(() => fake.reset());

const amplitude = (settings: Record<string, unknown> = {}, key: string | null = 'AMP_KEY') =>
  env.destination('amplitude', { endpoint: fake.url, batchSize: 50, concurrency: 4, throttlePauseSeconds: 1, ...settings }, key);
const eventsSync = async (settings: Record<string, unknown> = {}, query = QUERY) => env.sync((await amplitude(settings)).id, 'amplitude', 'events', query, COLUMNS);

/** The event ids (EVENT_ID passes through into event_properties) the fake stored, once each. */
const storedIds = () => fake.events().map((e) => (e.event_properties as { event_id: string }).event_id);

describe('Amplitude: a sync of the demo events', () => {
  it.each(['batch', 'httpapi'])('stores every event once through the %s API, each with its row key as insert_id, as the run counts', async (api) => {
    const sync = await eventsSync({ api });
    const run = await env.run(sync.id);
    expect(run.error).toBeNull();
    expect(run.counters).toMatchObject({ read: SIZES.events, sent: SIZES.events, rejected: 0 });
    const events = fake.events();
    expect(events).toHaveLength(run.counters.sent);
    expect(new Set(storedIds()).size).toBe(SIZES.events);
    expect(new Set(events.map((e) => e.insert_id)).size).toBe(SIZES.events);
    expect(events.every((e) => e.endpoint === (api === 'batch' ? '/batch' : '/2/httpapi'))).toBe(true);
    const first = events.find((e) => (e.event_properties as { event_id: string }).event_id === 'evt_0000000001')!;
    expect(first).toMatchObject({ event_type: expect.any(String), user_id: expect.stringMatching(/^user_/), device_id: expect.stringMatching(/^device_/), time: expect.any(Number) });
    expect(first.event_properties).toMatchObject({ source: expect.any(String), item_id: expect.any(String) });
  });

  it('a second run of the same rows is deduplicated by insert_id: nothing is stored twice', async () => {
    const sync = await eventsSync();
    await env.run(sync.id);
    const again = await env.run(sync.id);
    expect(again.counters.sent).toBe(SIZES.events);
    expect(fake.events()).toHaveLength(SIZES.events);
    expect(fake.stats().duplicates).toBe(SIZES.events);
  });

  it('rejects rows Amplitude would refuse before sending them, each with its reason', async () => {
    const query = `SELECT EVENT_ID, EVENT_NAME, CASE WHEN EVENT_ID LIKE '%3' THEN 'abc' WHEN EVENT_ID LIKE '%7' THEN 'null' ELSE USER_ID END AS USER_ID, NULL AS DEVICE_ID, EVENT_TIMESTAMP, PROPERTIES FROM APP_EVENTS`;
    const sync = await eventsSync({}, query);
    const run = await env.run(sync.id);
    const refused = Math.floor(SIZES.events / 10) * 2;
    expect(run.counters).toMatchObject({ read: SIZES.events, sent: SIZES.events - refused, rejected: refused });
    expect(fake.events()).toHaveLength(SIZES.events - refused);
    expect(storedIds().some((id) => /[37]$/.test(id))).toBe(false);
    const rejected = await env.ctx.core.handlers['runs.rejected']({ runId: run.id, limit: 1000 });
    expect(rejected.map((r) => r.reason).join('\n')).toMatch(/shorter than 5 characters/);
    expect(rejected.map((r) => r.reason).join('\n')).toMatch(/refuses as an id/);
  });
});

describe('Amplitude: faults', () => {
  it('a 400 naming invalid events rejects exactly those, with Amplitude’s reason, and stores the rest', async () => {
    const bad = (e: Record<string, unknown>) => ((e.event_properties as { event_id: string }).event_id.endsWith('5') ? 'event_type' : null);
    fake.faults.invalidWhen((e) => bad(e));
    const run = await env.run((await eventsSync()).id);
    const expected = SIZES.events / 10;
    expect(run.counters).toMatchObject({ read: SIZES.events, sent: SIZES.events - expected, rejected: expected });
    expect(fake.events()).toHaveLength(SIZES.events - expected);
    expect(storedIds().some((id) => id.endsWith('5'))).toBe(false);
    const rejected = await env.ctx.core.handlers['runs.rejected']({ runId: run.id, limit: 1000 });
    expect(rejected).toHaveLength(expected);
    expect(rejected.every((r) => /Amplitude refused the value of event_type/.test(r.destinationMessage ?? ''))).toBe(true);
    expect(accountedFor(run)).toBe(true);
  });

  it('a 429 for one throttled user delays only that user; the others keep flowing', async () => {
    const user = 'user_0000007';
    const sync = await eventsSync({ throttlePauseSeconds: 1 });
    const started = Date.now();
    const window = 3_000;
    fake.faults.throttle({ users: [user] }, window);
    const run = await env.run(sync.id);
    expect(run.counters).toMatchObject({ sent: SIZES.events, rejected: 0 });
    expect(new Set(storedIds()).size).toBe(SIZES.events);
    const firstThrottle = Math.min(...fake.requests().filter((r) => r.status === 429).map((r) => r.receivedAt));
    expect(firstThrottle).toBeLessThan(started + window);
    const events = fake.events();
    const theirs = events.filter((e) => e.user_id === user);
    const others = events.filter((e) => e.user_id !== user);
    expect(theirs.length).toBeGreaterThan(0);
    // The user's events were stored only once the throttle ended, and everyone else's kept
    // being stored meanwhile, not held behind them.
    const theirFirst = Math.min(...theirs.map((e) => e.receivedAt));
    expect(theirFirst).toBeGreaterThanOrEqual(started + window);
    expect(others.filter((e) => e.receivedAt > firstThrottle && e.receivedAt < theirFirst).length).toBeGreaterThan(0);
    expect(others.filter((e) => e.receivedAt >= theirFirst).length).toBeLessThan(others.length / 2);
  });

  it('an exhausted daily quota rejects that user’s rows for now (offered again next run), the rest are stored', async () => {
    const user = 'user_0000007';
    fake.faults.dailyQuota({ users: [user] });
    const sync = await eventsSync();
    const run = await env.run(sync.id);
    const theirs = run.counters.rejected;
    expect(theirs).toBeGreaterThan(0);
    expect(fake.events().some((e) => e.user_id === user)).toBe(false);
    expect(fake.events()).toHaveLength(SIZES.events - theirs);
    const rejected = await env.ctx.core.handlers['runs.rejected']({ runId: run.id, limit: 1000 });
    expect(rejected.every((r) => r.retryable && /daily limit for user user_0000007/.test(r.destinationMessage ?? ''))).toBe(true);
    fake.faults.clear();
    const next = await env.run(sync.id);
    expect(next.counters.rejected).toBe(0);
    expect(fake.events().filter((e) => e.user_id === user)).toHaveLength(theirs);
  });

  it('5xx answers and lost acknowledgements: the same insert_ids go again, nothing is stored twice', async () => {
    fake.faults.fail(2, 502);
    fake.faults.fail(1, 503);
    fake.faults.acceptThenDrop(2);
    const run = await env.run((await eventsSync()).id);
    expect(run.counters).toMatchObject({ sent: SIZES.events, rejected: 0 });
    expect(fake.events()).toHaveLength(SIZES.events);
    expect(new Set(storedIds()).size).toBe(SIZES.events);
  });

  it('413 halves the request until it is taken (a proxy in front of Amplitude that allows 10 events a request)', async () => {
    const proxy = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      if ((JSON.parse(body.toString()) as { events: unknown[] }).events.length > 10) {
        res.writeHead(413, { 'content-type': 'application/json' }).end('{"code":413,"error":"Payload too large"}');
        return;
      }
      const answer = await fetch(fake.url + req.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as AddressInfo;
      const destination = await env.destination('amplitude', { endpoint: `http://127.0.0.1:${port}`, batchSize: 40, concurrency: 2 }, 'AMP_KEY');
      const run = await env.run((await env.sync(destination.id, 'amplitude', 'events', QUERY, COLUMNS)).id);
      expect(run.counters).toMatchObject({ sent: SIZES.events, rejected: 0 });
      expect(fake.events()).toHaveLength(SIZES.events);
      expect(Math.max(...fake.requests().map((r) => r.events))).toBeLessThanOrEqual(10);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('a refused API key stops the run at once with where to find the key; no row counts as sent', async () => {
    const destination = await env.destination('amplitude', { endpoint: fake.url, batchSize: 50 }, 'WRONG_KEY');
    const run = await env.run((await env.sync(destination.id, 'amplitude', 'events', QUERY, COLUMNS)).id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'destination_refused', message: expect.stringMatching(/Amplitude refused the API key/), remedy: expect.stringMatching(/API Key/) });
    expect(run.counters.sent).toBe(0);
    expect(fake.events()).toHaveLength(0);
    expect(fake.requests().length).toBeLessThanOrEqual(4);
  });
});

describe('Amplitude: user and group properties', () => {
  it('identifies every demo user through /identify', async () => {
    const destination = await amplitude();
    const columns = ['USER_ID', 'EMAIL', 'PLAN', 'CITY', 'ATTRIBUTES'];
    const sync = await env.sync(destination.id, 'amplitude', 'user-properties', `SELECT ${columns.join(', ')} FROM USERS`, columns);
    const run = await env.run(sync.id);
    expect(run.counters).toMatchObject({ read: SIZES.users, sent: SIZES.users, rejected: 0 });
    const stored = fake.identifies();
    expect(stored).toHaveLength(SIZES.users);
    expect(stored[0]).toMatchObject({ user_id: expect.stringMatching(/^user_/), user_properties: expect.objectContaining({ email: expect.stringContaining('@'), plan: expect.any(String) }) });
  });

  it('sets every demo account’s properties through /groupidentify', async () => {
    const destination = await amplitude();
    const sync = await env.sync(destination.id, 'amplitude', 'group-properties', `SELECT 'company' AS GROUP_TYPE, ACCOUNT_ID AS GROUP_VALUE, NAME, PLAN FROM ACCOUNTS`, ['GROUP_VALUE', 'GROUP_TYPE', 'NAME', 'PLAN'], { primaryKey: ['GROUP_VALUE'] });
    const run = await env.run(sync.id);
    expect(run.counters).toMatchObject({ read: SIZES.accounts, sent: SIZES.accounts });
    expect(fake.groupIdentifies()).toHaveLength(SIZES.accounts);
    expect(fake.groupIdentifies()[0]).toMatchObject({ group_type: 'company', group_value: expect.stringMatching(/^acct_/), group_properties: { name: expect.any(String), plan: expect.any(String) } });
  });
});

describe('Amplitude: dry run', () => {
  it('shows the exact Batch request (key masked, insert_id on every event) and each refused row with its reason, sending nothing', async () => {
    const query = `SELECT EVENT_ID, EVENT_NAME, CASE WHEN EVENT_ID LIKE '%3' THEN 'abc' ELSE USER_ID END AS USER_ID, DEVICE_ID, EVENT_TIMESTAMP, PROPERTIES FROM APP_EVENTS`;
    const sync = await eventsSync({}, query);
    const result = await env.ctx.core.handlers['syncs.dryRun']({ id: sync.id, sampleSize: 20 });
    expect(result.counts).toMatchObject({ read: 20, send: 18, rejected: 2 });
    expect(result.rows.filter((r) => r.status === 'rejected').every((r) => /shorter than 5 characters/.test(r.reason ?? ''))).toBe(true);
    const request = result.requests[0]!;
    expect(request.url).toBe(`${fake.url}/batch`);
    const body = JSON.parse(request.body);
    expect(body.api_key).toBe('••••••');
    expect(body.events).toHaveLength(18);
    expect(body.events.every((e: { insert_id?: string }) => typeof e.insert_id === 'string' && e.insert_id.length === 32)).toBe(true);
    expect(JSON.stringify(result)).not.toContain('AMP_KEY');
    expect(fake.requests()).toHaveLength(0);
  });
});
