import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DestinationKind, Run } from '../../../shared/schemas';
import { seedSizes } from '../../emulators/snowflake';
import { startCleverTapFake, type CleverTapFake } from '../../emulators/destinations/clevertap';
import { accountedFor, useSaasEnv } from './helpers';

const ROWS = 600;
const SIZES = seedSizes(ROWS);
const ACCOUNT = 'CT_ACCOUNT';
const PASSCODE = 'CT_PASSCODE';
const PROFILE_COLUMNS = ['USER_ID', 'EMAIL', 'FIRST_NAME', 'PHONE', 'BIRTH_DATE', 'PLAN', 'UPDATED_AT'];
const PROFILES = `SELECT ${PROFILE_COLUMNS.join(', ')} FROM USERS`;
const EVENT_COLUMNS = ['EVENT_ID', 'USER_ID', 'EVENT_NAME', 'EVENT_TIMESTAMP', 'PROPERTIES', 'PLATFORM'];
const EVENTS = `SELECT ${EVENT_COLUMNS.join(', ')} FROM APP_EVENTS`;

const env = useSaasEnv(ROWS);
let fake: CleverTapFake;
beforeAll(async () => {
  // A second account lives in India (in1): sent to the fake's eu1, it gets the 401 of a wrong region.
  fake = await startCleverTapFake({ accounts: [{ id: ACCOUNT, passcode: PASSCODE }, { id: 'CT_INDIA', passcode: 'IN_PASSCODE', region: 'in1' }] });
});
afterAll(async () => fake?.close());
beforeEach(() => fake.reset());

async function clevertap(settings: Record<string, unknown> = {}, passcode = PASSCODE, url = fake.url) {
  const destination = await env.destination('clevertap' as DestinationKind, { accountId: ACCOUNT, endpoint: url, batchSize: 50, concurrency: 4, ...settings }, null);
  await env.ctx.core.secrets.set({ kind: 'destination', id: destination.id, field: 'passcode' }, passcode);
  return destination;
}
const profilesSync = async (destinationId?: string, query = PROFILES) => env.sync(destinationId ?? (await clevertap()).id, 'clevertap', 'profiles', query, PROFILE_COLUMNS);
const eventsSync = async (destinationId?: string, query = EVENTS) => env.sync(destinationId ?? (await clevertap()).id, 'clevertap', 'events', query, EVENT_COLUMNS);
const retries = async (run: Run) => (await env.ctx.core.handlers['runs.events']({ id: run.id })).filter((e) => e.kind === 'retry').map((e) => e.message);

describe('CleverTap: profiles and events from the demo tables', () => {
  it('profiles: every user stored once, with identity, standard keys, $D_ dates and ts in seconds; the fake’s records equal the run’s counters', async () => {
    const run = await env.run((await profilesSync()).id);
    expect(run.error).toBeNull();
    expect(run.counters).toMatchObject({ read: SIZES.users, sent: SIZES.users, rejected: 0 });
    const profiles = fake.profiles();
    expect(profiles).toHaveLength(run.counters.sent);
    expect(fake.records()).toHaveLength(run.counters.sent);
    expect(new Set(profiles.map((p) => p.identity)).size).toBe(SIZES.users);
    const first = profiles.find((p) => p.identity === 'user_0000001')!;
    expect(first).toMatchObject({
      type: 'profile',
      account: ACCOUNT,
      ts: expect.any(Number),
      profileData: { Email: 'user0000001@example.com', Phone: '+15550000001', DOB: expect.stringMatching(/^\$D_-?\d+$/), first_name: expect.any(String), plan: expect.any(String) },
    });
    expect(Number.isInteger(first.ts) && first.ts! < 9_999_999_999).toBe(true);
    expect(fake.stats()).toMatchObject({ unprocessed: 0, concurrencyRejections: 0 });
    expect(fake.requests().every((r) => r.path === '/1/upload' && !r.dryRun && r.records <= 50)).toBe(true);
  });

  it('events: every event stored once with evtName, evtData, ts in seconds and the row’s key as evtData.floe_id', async () => {
    const run = await env.run((await eventsSync()).id);
    expect(run.error).toBeNull();
    expect(run.counters).toMatchObject({ read: SIZES.events, sent: SIZES.events, rejected: 0 });
    const events = fake.events();
    expect(events).toHaveLength(run.counters.sent);
    expect(fake.duplicates('evtData.floe_id')).toEqual([]);
    expect(new Set(events.map((e) => e.evtData!.floe_id)).size).toBe(SIZES.events);
    const first = events.find((e) => e.evtData!.event_id === 'evt_0000000001')!;
    expect(first).toMatchObject({ type: 'event', identity: expect.stringMatching(/^user_/), evtName: expect.any(String), ts: expect.any(Number), evtData: { floe_id: expect.stringMatching(/^[\w-]{32}$/), platform: expect.any(String) } });
    expect(first.ts! < 9_999_999_999).toBe(true);
  });

  it('rows CleverTap would refuse are rejected before sending, with the reason; the rest are stored', async () => {
    const query = `SELECT CASE WHEN USER_ID LIKE '%3' THEN NULL ELSE USER_ID END AS USER_ID, EMAIL, FIRST_NAME, PHONE, BIRTH_DATE, PLAN, UPDATED_AT FROM USERS`;
    const sync = await env.sync((await clevertap()).id, 'clevertap', 'profiles', query, PROFILE_COLUMNS, { primaryKey: ['EMAIL'] });
    const run = await env.run(sync.id);
    const refused = SIZES.users / 10;
    expect(run.counters).toMatchObject({ read: SIZES.users, sent: SIZES.users - refused, rejected: refused });
    expect(fake.profiles()).toHaveLength(SIZES.users - refused);
    const rejected = await env.ctx.core.handlers['runs.rejected']({ runId: run.id, limit: 1000 });
    expect(rejected.map((r) => r.destinationMessage ?? r.reason)).toEqual(Array(refused).fill('identity is required to identify the user: map a column to it (and make sure it is not null)'));
    expect(accountedFor(run)).toBe(true);
  });
});

describe('CleverTap: answers and faults', () => {
  it('records in `unprocessed` are rejected exactly, with CleverTap’s code and message, not retryable; the rest count as sent', async () => {
    fake.faults.invalidWhen((record) => ((record.identity as string).endsWith('5') ? { code: 555, error: 'Misc server error' } : null));
    const run = await env.run((await profilesSync()).id);
    const bad = SIZES.users / 10;
    expect(run.status).toBe('partially_succeeded');
    expect(run.counters).toMatchObject({ sent: SIZES.users - bad, rejected: bad });
    expect(fake.profiles()).toHaveLength(run.counters.sent);
    expect(fake.profiles().some((p) => (p.identity as string).endsWith('5'))).toBe(false);
    const rejected = await env.ctx.core.handlers['runs.rejected']({ runId: run.id, limit: 1000 });
    expect(rejected).toHaveLength(bad);
    expect(rejected.every((r) => r.retryable === false && r.rowKey.endsWith('5'))).toBe(true);
    expect(rejected.every((r) => /^CleverTap refused the record \(code 555\): Misc server error\. Skipped record number : \d+$/.test(r.destinationMessage ?? ''))).toBe(true);
    expect(accountedFor(run)).toBe(true);
  });

  it('CleverTap’s 2017 answers (status "success" with every record unprocessed, records as JSON strings) are read the same way', async () => {
    const legacy = await startCleverTapFake({ responseStyle: 'legacy' });
    try {
      legacy.faults.invalidWhen((record) => ((record.identity as string).endsWith('7') ? { code: 515, error: 'Profile data is incorrect. Email is not valid' } : null));
      const run = await env.run((await profilesSync((await clevertap({}, PASSCODE, legacy.url)).id)).id);
      expect(run.counters).toMatchObject({ sent: SIZES.users - SIZES.users / 10, rejected: SIZES.users / 10 });
      expect(legacy.profiles()).toHaveLength(run.counters.sent);
    } finally {
      await legacy.close();
    }
  });

  it('a wrong passcode stops the run at once, naming the account id, the passcode and the region; nothing counts as sent', async () => {
    const run = await env.run((await profilesSync((await clevertap({}, 'WRONG')).id)).id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({
      code: 'destination_refused',
      message: expect.stringMatching(/CleverTap refused account CT_ACCOUNT \(HTTP 401: .*Account ID is not valid/),
      remedy: expect.stringMatching(/Account ID \(CT_ACCOUNT\).*passcode.*region eu1.*wrong region/),
    });
    expect(run.counters.sent).toBe(0);
    expect(fake.records()).toHaveLength(0);
    expect(fake.requests().length).toBeLessThanOrEqual(4);
  });

  it('an account of another region gets the same 401, and the remedy points at the region', async () => {
    const destination = await env.destination('clevertap' as DestinationKind, { accountId: 'CT_INDIA', endpoint: fake.url, region: 'eu1' }, null);
    await env.ctx.core.secrets.set({ kind: 'destination', id: destination.id, field: 'passcode' }, 'IN_PASSCODE');
    const run = await env.run((await profilesSync(destination.id)).id);
    expect(run.error).toMatchObject({ code: 'destination_refused', remedy: expect.stringMatching(/Account ID \(CT_INDIA\).*region eu1/) });
    expect(fake.requests()[0]!.error).toMatch(/is in region in1, the request went to eu1/);
  });

  it('429s and 503s are retried with backoff: every event stored once', async () => {
    fake.faults.rateLimit(2);
    fake.faults.fail(2, 503);
    const run = await env.run((await eventsSync()).id);
    expect(run.counters).toMatchObject({ sent: SIZES.events, rejected: 0 });
    expect(fake.events()).toHaveLength(SIZES.events);
    expect(fake.duplicates('evtData.floe_id')).toEqual([]);
    expect((await retries(run)).length).toBeGreaterThanOrEqual(4);
  });

  it('a 413 splits the upload until it fits; no record is sent twice', async () => {
    const small = await startCleverTapFake({ maxBodyBytes: 4 * 1024 });
    try {
      const run = await env.run((await eventsSync((await clevertap({}, PASSCODE, small.url)).id)).id);
      expect(run.counters).toMatchObject({ sent: SIZES.events, rejected: 0 });
      expect(small.events()).toHaveLength(SIZES.events);
      expect(small.duplicates('evtData.floe_id')).toEqual([]);
      expect(small.stats().statusCounts['413']).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });

  it('a lost answer is sent again (at least once): the copies share their floe_id, and the run says they may be stored twice', async () => {
    fake.faults.acceptThenDrop(1);
    const run = await env.run((await eventsSync()).id);
    expect(run.counters).toMatchObject({ sent: SIZES.events, rejected: 0 });
    const duplicates = fake.duplicates('evtData.floe_id');
    expect(duplicates.length).toBe(50);
    expect(duplicates.every((d) => d.count === 2)).toBe(true);
    expect(fake.events()).toHaveLength(SIZES.events + duplicates.length);
    expect(await retries(run)).toEqual([expect.stringMatching(/CleverTap may have stored these 50 records already and has no idempotency key.*evtData\.floe_id/)]);
  });

  it('the run record counts the rows possibly stored twice: as many as the fake holds twice, each findable by its evtData.floe_id', async () => {
    fake.faults.acceptThenDrop(3);
    const done = await env.run((await eventsSync()).id);
    // The record as kept in floe.db, not the worker's answer.
    const run = await env.ctx.core.handlers['runs.get']({ id: done.id });
    const duplicates = fake.duplicates('evtData.floe_id');
    expect(duplicates.length).toBe(150);
    expect(duplicates.every((d) => d.count === 2)).toBe(true);
    expect(run.counters).toMatchObject({ read: SIZES.events, sent: SIZES.events, rejected: 0, maybeDuplicated: duplicates.length });
    expect(accountedFor(run)).toBe(true);
    // The copies are the rows the run sent again: every duplicated floe_id is one of the run's events.
    const sent = new Set(fake.events().map((e) => e.evtData!.floe_id));
    expect(sent.size).toBe(SIZES.events);
    expect(duplicates.every((d) => sent.has(d.value as string))).toBe(true);
    // CleverTap gives no receipts: the run keeps none.
    expect(await env.ctx.core.handlers['runs.batches']({ runId: run.id, limit: 2000 })).toEqual({ summary: { batches: 0, byStatus: {} }, receipts: [] });
  });

  it('a run without lost answers has nothing possibly duplicated', async () => {
    const run = await env.ctx.core.handlers['runs.get']({ id: (await env.run((await eventsSync()).id)).id });
    expect(run.counters).toMatchObject({ sent: SIZES.events, maybeDuplicated: 0 });
    expect(fake.duplicates('evtData.floe_id')).toEqual([]);
  });
});

describe('CleverTap: at most 15 uploads in flight per account, across syncs', () => {
  it('two destinations of one account, 15 at once each, never have 16 uploads in flight together', async () => {
    fake.faults.slow(60);
    const settings = { batchSize: 10, concurrency: 15 };
    const [a, b] = [await clevertap(settings), await clevertap(settings)];
    const syncs = [await eventsSync(a.id), await eventsSync(b.id)];
    const runs = await Promise.all(syncs.map((s) => env.run(s.id)));
    for (const run of runs) expect(run.counters).toMatchObject({ sent: SIZES.events, rejected: 0 });
    const stats = fake.stats();
    expect(stats.concurrencyRejections).toBe(0);
    expect(stats.statusCounts['429'] ?? 0).toBe(0);
    expect(stats.maxInFlight).toBeLessThanOrEqual(15);
    // The cap is shared, not split: together they do use it.
    expect(stats.maxInFlight).toBeGreaterThan(8);
    expect(fake.events()).toHaveLength(2 * SIZES.events);
  });
});

describe('CleverTap: dry run and test event', () => {
  it('a dry run shows the exact uploads (passcode masked) and each row’s reason, and sends nothing', async () => {
    const query = `SELECT EVENT_ID, CASE WHEN EVENT_ID LIKE '%3' THEN NULL ELSE USER_ID END AS USER_ID, EVENT_NAME, EVENT_TIMESTAMP, PROPERTIES, PLATFORM FROM APP_EVENTS`;
    const sync = await eventsSync((await clevertap({ batchSize: 10 })).id, query);
    const dry = await env.ctx.core.handlers['syncs.dryRun']({ id: sync.id, sampleSize: 30 });
    expect(dry.counts).toMatchObject({ read: 30, send: 27, rejected: 3 });
    expect(dry.rows.filter((r) => r.status === 'rejected').map((r) => r.reason)).toEqual(Array(3).fill('identity is required to identify the user: map a column to it (and make sure it is not null)'));
    expect(dry.requests.length).toBeGreaterThan(0);
    for (const request of dry.requests) {
      expect(request).toMatchObject({ method: 'POST', url: `${fake.url}/1/upload`, headers: { 'x-clevertap-account-id': ACCOUNT, 'x-clevertap-passcode': '••••••' } });
      const body = JSON.parse(request.body) as { d: Array<Record<string, unknown>> };
      expect(body.d.length).toBeLessThanOrEqual(10);
      expect(body.d.every((r) => r.type === 'event' && typeof (r.evtData as Record<string, unknown>).floe_id === 'string' && Number.isInteger(r.ts))).toBe(true);
    }
    expect(fake.requests()).toHaveLength(0);
  });

  it('"Send test event" uploads one event with ?dryRun=1: CleverTap checks it and stores nothing', async () => {
    const destination = await clevertap();
    const result = await env.ctx.core.handlers['destinations.sendTest']({ id: destination.id });
    expect(result).toMatchObject({ ok: true, status: 200, message: expect.stringMatching(/accepted the test event \(a dry run/) });
    expect(result.request.url).toBe(`${fake.url}/1/upload?dryRun=1`);
    expect(result.request.headers['x-clevertap-passcode']).toBe('••••••');
    expect(fake.requests()).toMatchObject([{ dryRun: true, processed: 1, stored: 0 }]);
    expect(fake.records()).toHaveLength(0);
    const wrong = await env.ctx.core.handlers['destinations.sendTest']({ id: (await clevertap({}, 'WRONG')).id });
    expect(wrong).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/refused account CT_ACCOUNT.*region/) });
  });
});
