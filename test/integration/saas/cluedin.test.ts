import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Run } from '../../../shared/schemas';
import { DEFAULT_TOKEN, startCluedInFake, type CluedInFake } from '../../emulators/destinations/cluedin';
import { seedSizes } from '../../emulators/snowflake';
import { accountedFor, useSaasEnv } from './helpers';

const ROWS = 600;
const SIZES = seedSizes(ROWS);
const COLUMNS = ['USER_ID', 'UPDATED_AT', 'EMAIL', 'FIRST_NAME', 'CITY', 'PLAN', 'IS_ACTIVE'];
const USERS = `SELECT ${COLUMNS.join(', ')} FROM USERS`;
/** Enough rows for two requests (500 and 100). */
const EVENT_COLUMNS = ['EVENT_ID', 'UPDATED_AT', 'EVENT_NAME', 'PLATFORM'];
const EVENTS = 'SELECT EVENT_ID, EVENT_TIMESTAMP AS UPDATED_AT, EVENT_NAME, PLATFORM FROM APP_EVENTS';

const env = useSaasEnv(ROWS);
let fake: CluedInFake;
beforeAll(async () => {
  fake = await startCluedInFake();
});
afterAll(async () => fake?.close());
beforeEach(() => fake.reset());

async function cluedin(settings: Record<string, unknown> = {}, token = DEFAULT_TOKEN, url = fake.endpointUrl()) {
  const destination = await env.ctx.core.handlers['destinations.create']({ name: `CluedIn ${Math.random().toString(36).slice(2, 8)}`, kind: 'cluedin', settings: { url, entityType: 'Customer', batchSize: 500, ...settings } });
  await env.ctx.core.secrets.set({ kind: 'destination', id: destination.id, field: 'token' }, token);
  return destination;
}
const customers = async (settings: Record<string, unknown> = {}, query = USERS, columns = COLUMNS, strategy: 'full' | 'diff' = 'diff') =>
  env.sync((await cluedin(settings)).id, 'cluedin', 'entities', query, columns, { strategy });
const retries = async (run: Run) => (await env.ctx.core.handlers['runs.events']({ id: run.id })).filter((e) => e.kind === 'retry').map((e) => e.message);
const live = () => fake.records().filter((r) => !r.deleted);

describe('CluedIn: demo users as Customer entities', () => {
  it('every user is one record {externalId: USER_ID, type, timestamp: UPDATED_AT, properties}; the fake holds what the run counted, gzip JSON', async () => {
    const run = await env.run((await customers()).id);
    expect(run.error).toBeNull();
    expect(run.counters).toMatchObject({ read: SIZES.users, sent: SIZES.users, rejected: 0 });
    expect(fake.records()).toHaveLength(run.counters.sent);
    expect(fake.stats()).toMatchObject({ duplicates: 0, warnings: 0, tombstones: 0 });
    const [user] = await env.ctx.emulator.sql("SELECT UPDATED_AT, EMAIL, CITY FROM USERS WHERE USER_ID = 'user_0000001'");
    const stored = fake.records().find((r) => r.externalId === 'user_0000001')!;
    expect(stored).toMatchObject({
      type: 'Customer',
      deleted: false,
      timestamp: new Date(user!.UPDATED_AT as string | Date).toISOString(),
      properties: { user_id: 'user_0000001', email: user!.EMAIL, city: user!.CITY, plan: expect.any(String), is_active: expect.any(Boolean) },
    });
    expect(new Set(fake.records().map((r) => r.externalId)).size).toBe(SIZES.users);
    expect(fake.requests().every((r) => r.status === 200 && r.gzip && r.format === 'json' && r.records <= 500)).toBe(true);
  });

  it('a row deleted in Snowflake becomes one tombstone with its externalId; a rerun sends nothing', async () => {
    await env.ctx.emulator.sql('CREATE OR REPLACE TABLE CI_USERS AS SELECT * FROM USERS');
    const sync = await customers({}, USERS.replace('USERS', 'CI_USERS'));
    expect((await env.run(sync.id)).counters.sent).toBe(SIZES.users);
    await env.ctx.emulator.sql("DELETE FROM CI_USERS WHERE USER_ID = 'user_0000007'");
    const run = await env.run(sync.id);
    expect(run.counters).toMatchObject({ read: SIZES.users - 1, sent: 0, unchanged: SIZES.users - 1, deleted: 1 });
    expect(fake.tombstones()).toEqual([expect.objectContaining({ externalId: 'user_0000007', type: 'Customer', deleted: true, timestamp: run.startedAt })]);
    expect(fake.entities().find((e) => e.externalId === 'user_0000007')).toMatchObject({ deleted: true, versions: 2 });
    const again = await env.run(sync.id);
    expect(again.counters).toMatchObject({ sent: 0, deleted: 0 });
    expect(fake.tombstones()).toHaveLength(1);
  });

  it('with tombstones off, a deleted row is not sent', async () => {
    await env.ctx.emulator.sql('CREATE OR REPLACE TABLE CI_USERS_KEEP AS SELECT * FROM USERS');
    const sync = await customers({ tombstones: false }, USERS.replace('USERS', 'CI_USERS_KEEP'));
    await env.run(sync.id);
    await env.ctx.emulator.sql("DELETE FROM CI_USERS_KEEP WHERE USER_ID = 'user_0000007'");
    const run = await env.run(sync.id);
    expect(run.counters.deleted).toBe(0);
    expect(fake.tombstones()).toEqual([]);
  });

  it('property names with spaces or dots are cleaned as CluedIn would, before sending: no warnings, the names CluedIn stores', async () => {
    const query = 'SELECT USER_ID, UPDATED_AT, EMAIL AS "e mail", CITY AS "address.city" FROM USERS';
    const sync = await customers({}, query, ['USER_ID', 'UPDATED_AT', 'e mail', 'address.city']);
    const dry = await env.ctx.core.handlers['syncs.dryRun']({ id: sync.id, sampleSize: 5 });
    expect(dry.rows[0]!.payload).toMatchObject({ properties: { e_mail: expect.any(String), address_city: expect.any(String) } });
    expect(dry.requests[0]!.body).toContain('"e_mail"');
    const run = await env.run(sync.id);
    expect(run.counters.sent).toBe(SIZES.users);
    expect(fake.stats().warnings).toBe(0);
    expect(Object.keys(live()[0]!.properties!).sort()).toEqual(['address_city', 'e_mail', 'user_id']);
  });

  it('NDJSON without gzip when the destination says so', async () => {
    const run = await env.run((await customers({ format: 'ndjson', gzip: false })).id);
    expect(run.counters.sent).toBe(SIZES.users);
    expect(fake.records()).toHaveLength(SIZES.users);
    expect(fake.requests().every((r) => r.format === 'ndjson' && !r.gzip)).toBe(true);
  });

  it('a sync without a primary key is refused when saved: the externalId is the key', async () => {
    const destination = await cluedin();
    await expect(env.sync(destination.id, 'cluedin', 'entities', USERS, COLUMNS, { primaryKey: [] })).rejects.toMatchObject({
      code: 'primary_key_required',
      message: expect.stringMatching(/^CluedIn syncs need a primary key\. CluedIn identifies each entity by its externalId/),
      fields: { primaryKey: expect.any(String) },
    });
  });

  it('a row without its last-changed time is rejected with the reason, before sending', async () => {
    const query = "SELECT USER_ID, CASE WHEN USER_ID LIKE '%3' THEN NULL ELSE UPDATED_AT END AS UPDATED_AT, EMAIL FROM USERS";
    const run = await env.run((await customers({}, query, ['USER_ID', 'UPDATED_AT', 'EMAIL'])).id);
    const missing = SIZES.users / 10;
    expect(run.counters).toMatchObject({ sent: SIZES.users - missing, rejected: missing });
    expect(fake.records()).toHaveLength(SIZES.users - missing);
    const rejected = await env.ctx.core.handlers['runs.rejected']({ runId: run.id, limit: 1000 });
    expect(rejected.every((r) => /timestamp/.test(r.destinationMessage ?? r.reason))).toBe(true);
    expect(accountedFor(run)).toBe(true);
  });
});

describe('CluedIn: answers and faults (seed 004’s troubleshooting table)', () => {
  it('400: the records CluedIn names are rejected with its error, the rest of the request sent again and stored', async () => {
    fake.faults.invalidWhen((record) => ((record.externalId as string).endsWith('3') ? 'the email is on a deny list' : null));
    const run = await env.run((await customers()).id);
    const bad = SIZES.users / 10;
    expect(run.status).toBe('partially_succeeded');
    expect(run.counters).toMatchObject({ sent: SIZES.users - bad, rejected: bad });
    expect(fake.records()).toHaveLength(run.counters.sent);
    expect(fake.records().some((r) => r.externalId.endsWith('3'))).toBe(false);
    const rejected = await env.ctx.core.handlers['runs.rejected']({ runId: run.id, limit: 1000 });
    expect(rejected).toHaveLength(bad);
    expect(rejected.every((r) => !r.retryable && r.rowKey.endsWith('3') && /^CluedIn refused the record \(receipt [^)]+\): the email is on a deny list$/.test(r.destinationMessage ?? ''))).toBe(true);
    expect(accountedFor(run)).toBe(true);
  });

  it('403: a wrong token stops the run with the token remedy; nothing is stored or counted sent', async () => {
    const destination = await cluedin({}, 'WRONG');
    const run = await env.run((await env.sync(destination.id, 'cluedin', 'entities', USERS, COLUMNS)).id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ message: expect.stringMatching(/CluedIn refused the API token \(HTTP 403/), remedy: expect.stringMatching(/Administration → API Tokens/) });
    expect(run.counters.sent).toBe(0);
    expect(fake.records()).toHaveLength(0);
  });

  it('404: an endpoint id CluedIn does not know stops the run, saying where to copy the URL', async () => {
    const url = fake.endpointUrl().replace(/[0-9A-F]{12}$/i, '000000000000');
    const destination = await cluedin({}, DEFAULT_TOKEN, url);
    const run = await env.run((await env.sync(destination.id, 'cluedin', 'entities', USERS, COLUMNS)).id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ remedy: expect.stringMatching(/View instructions/) });
  });

  it('413: a request over the endpoint’s limit is halved until it fits; every record stored once', async () => {
    const small = await startCluedInFake({ maxRecords: 200 });
    try {
      const run = await env.run((await customers({ url: small.endpointUrl() }, EVENTS, EVENT_COLUMNS)).id);
      expect(run.counters).toMatchObject({ sent: SIZES.events, rejected: 0 });
      expect(small.records()).toHaveLength(SIZES.events);
      expect(small.requests().filter((r) => r.status === 200).map((r) => r.records).sort()).toEqual([100, 125, 125, 125, 125]);
      expect(small.stats().statusCounts, JSON.stringify(small.requests().map((r) => [r.status, r.records]))).toHaveProperty('413');
      expect(small.stats().duplicates).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('429 and 5xx are retried with backoff (Retry-After respected); every record stored once', async () => {
    fake.faults.rateLimit(2, 0);
    fake.faults.fail(2, 503);
    const run = await env.run((await customers()).id);
    expect(run.counters).toMatchObject({ sent: SIZES.users, rejected: 0 });
    expect(fake.records()).toHaveLength(SIZES.users);
    const said = (await retries(run)).join('\n');
    expect(said).toMatch(/CluedIn is limiting requests \(HTTP 429/);
    expect(said).toMatch(/CluedIn answered HTTP 503/);
  });

  it('an answer lost after CluedIn stored the records: the retry is recognised as the same records, nothing stored twice', async () => {
    fake.faults.acceptThenDrop(1);
    const run = await env.run((await customers()).id);
    expect(run.counters).toMatchObject({ sent: SIZES.users, rejected: 0 });
    expect(fake.records()).toHaveLength(SIZES.users);
    expect(fake.stats().duplicates).toBeGreaterThan(0);
  });

  it('"Send test record" posts one real record and reports the receipt id', async () => {
    const destination = await cluedin();
    const result = await env.ctx.core.handlers['destinations.sendTest']({ id: destination.id });
    expect(result).toMatchObject({ ok: true, status: 200, message: expect.stringMatching(/^CluedIn received the test record \(endpoint [0-9A-F-]+, receipt [^)]+\)/i) });
    expect(result.request.headers.authorization).toBe('Bearer ••••••');
    expect(fake.records()).toEqual([expect.objectContaining({ externalId: 'floe-test-record', type: 'Customer' })]);
  });
});
