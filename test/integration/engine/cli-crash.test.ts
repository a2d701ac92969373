import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { seedSizes, startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { DEFAULT_TOKEN, startCluedInFake } from '../../emulators/destinations/cluedin';
import { startHttpFake, type HttpFakeHandle } from '../../emulators/destinations/http';
import { assertCliBuilt, floeCli } from '../../helpers/floe-cli';
import { useTempDirs } from '../../helpers/temp-dir';

const ROWS = 3_000;
const EVENTS = seedSizes(ROWS).events;
const USERS = seedSizes(ROWS).users;
/** A CluedIn ingestion endpoint's URL as CluedIn shows it (its documentation's example id). */
const CLUEDIN_URL = 'https://acme.cluedin.net/upload/api/endpoint/9A327661-51FD-4FFC-8DF5-3F80746B996C';
const tempDir = useTempDirs('all');
let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let home: string;

const { start: floe, run } = floeCli(() => home);

beforeAll(async () => {
  assertCliBuilt();
  emulator = await startEmulator({ rows: ROWS });
  fake = await startHttpFake();
  home = tempDir();
  expect((await run(['connections', 'add', '--name', 'emu', '--account', 'floetest', '--user', emulator.admin.username, '--warehouse', emulator.warehouse, '--database', emulator.database, '--schema', emulator.schema, '--access-url', emulator.accessUrl, '--password-stdin'], emulator.admin.password)).status).toBe(0);
  const added = await run(['destinations', 'add', '--name', 'fake', '--kind', 'http', '--setting', `url=${fake.url}`, '--setting', 'batchSize=50', '--json']);
  expect(added.status).toBe(0);
});
afterAll(async () => {
  await fake?.close();
  await emulator?.close();
});

async function importSync(name: string, strategy: string): Promise<void> {
  const file = path.join(home, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ name, connection: 'emu', destination: 'fake', query: 'SELECT EVENT_ID, EVENT_NAME, USER_ID FROM APP_EVENTS', strategy, primaryKey: ['EVENT_ID'] }));
  const imported = await run(['syncs', 'import', file, '--json']);
  expect(imported.status, imported.stderr).toBe(0);
}

describe('floe destinations add takes any kind’s settings, checked by its descriptor', () => {
  const destination = async (name: string) => {
    const listed = JSON.parse((await run(['destinations', 'list', '--json'])).stdout) as Array<{ id: string; name: string; settings: Record<string, unknown> }>;
    return listed.find((d) => d.name === name);
  };

  it('types each value by its setting, sets object entries by dotted key, and puts the secret in the keychain', async () => {
    // This endpoint refuses requests without the token and the header.
    const guarded = await startHttpFake({ auth: { bearer: 's3cret-token' }, requiredHeaders: { 'X-Source': 'floe' } });
    onTestFinished(() => guarded.close());
    const added = await run(
      ['destinations', 'add', '--name', 'hook', '--kind', 'http', '--setting', `url=${guarded.url}`, '--setting', 'batchSize=25', '--setting', 'gzip=true', '--setting', 'headers.X-Source=floe', '--setting', 'auth=bearer', '--secret-stdin', '--json'],
      's3cret-token\n',
    );
    expect(added.status, added.stderr).toBe(0);
    const saved = await destination('hook');
    expect(saved?.settings).toMatchObject({ url: guarded.url, batchSize: 25, gzip: true, headers: { 'X-Source': 'floe' }, auth: 'bearer', format: 'json' });
    // The token is in the keychain, not in the database: the run sends it.
    const file = path.join(home, 'hook-sync.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'to hook', connection: 'emu', destination: 'hook', query: 'SELECT EVENT_ID FROM APP_EVENTS LIMIT 3', primaryKey: ['EVENT_ID'] }));
    expect((await run(['syncs', 'import', file])).status).toBe(0);
    const ran = await run(['run', 'to hook', '--json']);
    expect(ran.status, ran.stdout).toBe(0);
    expect(guarded.accepted()).toHaveLength(3);
    expect(guarded.batches()[0]!.gzip).toBe(true);
    expect(fs.readFileSync(path.join(home, 'floe.db')).includes('s3cret-token')).toBe(false);
  });

  it('adds a file destination by the same flags', async () => {
    const folder = tempDir();
    const added = await run(['destinations', 'add', '--name', 'exports', '--kind', 'file', '--setting', `directory=${folder}`, '--setting', 'format=csv', '--setting', 'prefix=2026']);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toContain('Added File destination "exports"');
    // "2026" is the text the prefix takes, not a number.
    expect((await destination('exports'))?.settings).toEqual({ directory: folder, format: 'csv', prefix: '2026' });
    const listed = await run(['destinations', 'list']);
    expect(listed.stdout).toContain(`exports\tFile\tCSV files in ${folder}`);
  });

  it.each([
    [['--kind', 'http', '--setting', 'urll=http://127.0.0.1:9/'], /no setting called "urll"/, /Their settings are: url, method/],
    [['--kind', 'http', '--setting', 'url'], /"url" is not a setting/, /key=value/],
    [['--kind', 'http', '--setting', 'url=ftp://x'], /url: /, /--setting url=/],
    [['--kind', 'http', '--setting', 'url=http://127.0.0.1:9/', '--setting', 'auth=bearer'], /needs its token/, /--secret-stdin token/],
    [['--kind', 'file', '--setting', 'directory=/tmp/x', '--secret-stdin', 'token'], /takes no secret called "token"/, /need no secret/],
    [['--kind', 'segment'], /no destination kind called "segment"/, /Choose one of: amplitude, customerio, clevertap, cluedin, http, file\./],
    [['--kind', 'cluedin', '--setting', 'url=https://acme.cluedin.net/api/v2/clue', '--setting', 'entityType=Customer', '--secret-stdin', 'token'], /url: Paste the ingestion endpoint’s POST URL/, /--setting url=/],
    [['--kind', 'cluedin', '--setting', `url=${CLUEDIN_URL}`, '--setting', 'entityType=Customer'], /needs its token/, /--secret-stdin token/],
    [['--kind', 'clevertap', '--setting', 'region=eu1', '--secret-stdin', 'passcode'], /accountId: /, /--setting accountId=/],
    [['--kind', 'amplitude', '--setting', 'region=eu'], /needs its apiKey/, /--secret-stdin apiKey/],
    [['--kind', 'customerio', '--setting', 'region=mars', '--secret-stdin', 'apiKey'], /region/, /--setting region=/],
    [['--kind', 'ftp'], /no destination kind called "ftp"/, /Choose one of/],
  ])('refuses %j with what is wrong and what to do, saving nothing', async (args, message, remedy) => {
    const before = (await run(['destinations', 'list', '--json'])).stdout;
    const refused = await run(['destinations', 'add', '--name', 'bad', ...args], 'x\n');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(message);
    expect(refused.stderr).toMatch(remedy);
    expect((await run(['destinations', 'list', '--json'])).stdout).toBe(before);
  });

  it('lists the kinds it can send to, with their settings and data types', async () => {
    const kinds = JSON.parse((await run(['destinations', 'kinds', '--json'])).stdout) as Array<{ kind: string; settings: string[]; dataTypes: Array<{ id: string }> }>;
    expect(kinds.map((k) => k.kind)).toEqual(['amplitude', 'customerio', 'clevertap', 'cluedin', 'http', 'file']);
    expect(kinds[4]!.settings).toContain('url');
    expect(kinds[0]!.settings).toEqual(expect.arrayContaining(['region', 'endpoint', 'api', 'minIdLength']));
    expect(kinds[2]!.settings).toEqual(expect.arrayContaining(['accountId', 'region', 'endpoint', 'identityField']));
    expect(kinds[3]!.settings).toEqual(expect.arrayContaining(['url', 'entityType', 'tombstones', 'format', 'gzip', 'batchSize']));
    expect(kinds.map((k) => k.dataTypes.map((t) => t.id))).toEqual([
      ['events', 'user-properties', 'group-properties'],
      ['identify', 'track', 'group', 'page', 'screen', 'alias'],
      ['profiles', 'events'],
      ['entities'],
      ['records'],
      ['records'],
    ]);
  });

  it.each([
    ['amplitude', 'region=eu', 'AMP_KEY'],
    ['customerio', 'region=us', 'CIO_KEY'],
  ])('adds a %s destination with its API key read from standard input into the keychain', async (kind, setting, key) => {
    const name = `saas-${kind}`;
    const added = await run(['destinations', 'add', '--name', name, '--kind', kind, '--setting', setting, '--setting', 'endpoint=http://127.0.0.1:9/', '--secret-stdin', 'apiKey', '--json'], key);
    expect(added.status, added.stderr).toBe(0);
    const saved = await destination(name);
    expect(saved).toMatchObject({ kind, settings: { region: setting.split('=')[1], endpoint: 'http://127.0.0.1:9/' } });
    expect(JSON.stringify(saved)).not.toContain(key);
    const db = new BetterSqlite3(path.join(home, 'floe.db'), { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM destinations').all());
    db.close();
    expect(dump).not.toContain(key);
    const listed = (await run(['destinations', 'list'])).stdout;
    expect(listed).toContain('http://127.0.0.1:9');
  });

  it('adds a CleverTap destination with its account id as a setting and its passcode read from standard input into the keychain', async () => {
    const args = ['--setting', 'accountId=W-RKK-123', '--setting', 'region=in1', '--setting', 'identityField=objectId', '--secret-stdin', 'passcode', '--json'];
    const added = await run(['destinations', 'add', '--name', 'saas-clevertap', '--kind', 'clevertap', ...args], 'CT_PASSCODE');
    expect(added.status, added.stderr).toBe(0);
    const saved = await destination('saas-clevertap');
    expect(saved).toMatchObject({ kind: 'clevertap', settings: { accountId: 'W-RKK-123', region: 'in1', identityField: 'objectId', endpoint: null } });
    expect(JSON.stringify(saved)).not.toContain('CT_PASSCODE');
    expect((await run(['destinations', 'list'])).stdout).toContain('https://in1.api.clevertap.com/1/upload (account W-RKK-123, in1)');
  });

  it('adds a CluedIn destination with its URL and entity type as settings and its token read from standard input into the keychain; a sync of users runs to it', async () => {
    const cluedin = await startCluedInFake();
    onTestFinished(() => cluedin.close());
    const url = cluedin.endpointUrl();
    const added = await run(['destinations', 'add', '--name', 'customers', '--kind', 'cluedin', '--setting', `url=${url}`, '--setting', 'entityType=Customer', '--setting', 'batchSize=500', '--secret-stdin', 'token'], `${DEFAULT_TOKEN}\n`);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toBe('Added CluedIn destination "customers" (its token is in the keychain).\n');
    const saved = await destination('customers');
    expect(saved?.settings).toEqual({ url, entityType: 'Customer', tombstones: true, format: 'json', gzip: true, batchSize: 500, concurrency: 2, timeoutMs: 60_000, maxAttempts: 9 });
    expect(JSON.stringify(saved)).not.toContain(DEFAULT_TOKEN);
    expect(fs.readFileSync(path.join(home, 'floe.db')).includes(DEFAULT_TOKEN)).toBe(false);
    expect((await run(['destinations', 'list'])).stdout).toContain(`customers\tCluedIn\tPOST ${url} (Customer)`);

    // The sync file names where the last-changed time comes from; the other columns go into properties.
    const file = path.join(home, 'customers.json');
    const mapping = { rules: [{ target: 'timestamp', source: 'UPDATED_AT', type: 'timestamp', required: true }], passThrough: true, passThroughTo: 'properties' };
    fs.writeFileSync(file, JSON.stringify({ name: 'customers', connection: 'emu', destination: 'customers', query: 'SELECT USER_ID, EMAIL, PLAN, UPDATED_AT FROM USERS', strategy: 'diff', primaryKey: ['USER_ID'], mapping }));
    const imported = await run(['syncs', 'import', file, '--json']);
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ destination: 'customers', dataType: 'entities' });
    const ran = await run(['run', 'customers', '--json']);
    expect(ran.status, ran.stderr).toBe(0);
    const record = JSON.parse(ran.stdout) as { status: string; counters: { read: number; sent: number } };
    expect(record).toMatchObject({ status: 'succeeded', counters: { read: USERS, sent: USERS } });
    expect(cluedin.records()).toHaveLength(USERS);
    expect(cluedin.records().every((r) => r.type === 'Customer' && r.externalId === r.properties?.user_id)).toBe(true);
    expect(cluedin.requests().every((r) => r.status === 200 && r.gzip && r.records <= 500)).toBe(true);

    // The externalId is the primary key: a sync without one is refused, saying why.
    fs.writeFileSync(file, JSON.stringify({ name: 'keyless', connection: 'emu', destination: 'customers', query: 'SELECT USER_ID, UPDATED_AT FROM USERS', mapping }));
    const keyless = await run(['syncs', 'import', file]);
    expect(keyless.status).not.toBe(0);
    expect(keyless.stderr).toMatch(/CluedIn syncs need a primary key\. CluedIn identifies each entity by its externalId/);
    expect(keyless.stderr).toMatch(/Enter the primary key/);

    // A file without a mapping starts from the preset fitted to the query's columns, as the app does.
    fs.writeFileSync(file, JSON.stringify({ name: 'fitted', connection: 'emu', destination: 'customers', query: 'SELECT USER_ID, EMAIL, UPDATED_AT FROM USERS', strategy: 'diff', primaryKey: ['USER_ID'] }));
    const fitted = await run(['syncs', 'import', file, '--json']);
    expect(fitted.status, fitted.stderr).toBe(0);
    expect(JSON.parse(fitted.stdout)).toMatchObject({ mapping: { rules: [{ target: 'timestamp', source: 'UPDATED_AT', required: true }], passThrough: true, passThroughTo: 'properties' } });
    fs.writeFileSync(file, JSON.stringify({ name: 'broken', connection: 'emu', destination: 'customers', query: 'SELECT * FROM NO_SUCH_TABLE', strategy: 'diff', primaryKey: ['USER_ID'] }));
    const broken = await run(['syncs', 'import', file]);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/has no mapping, and Floe could not read the query's columns to start one: .*NO_SUCH_TABLE/);
    expect(JSON.parse((await run(['syncs', 'list', '--json'])).stdout).map((s: { name: string }) => s.name)).not.toContain('broken');
  });
});

describe('the floe CLI runs syncs', () => {
  it('imports, exports, dry-runs and runs a sync, with exit status and JSON records', async () => {
    await importSync('events', 'full');
    const exported = JSON.parse((await run(['syncs', 'export', 'events'])).stdout);
    expect(exported).toMatchObject({ name: 'events', connection: 'emu', destination: 'fake', strategy: 'full', dataType: 'records', primaryKey: ['EVENT_ID'], mapping: { passThrough: true } });

    fake.reset();
    const dry = await run(['dry-run', 'events', '--sample', '10', '--json']);
    expect(dry.status).toBe(0);
    const result = JSON.parse(dry.stdout);
    expect(result.counts).toEqual({ read: 10, send: 10, unchanged: 0, rejected: 0 });
    expect(JSON.parse(result.requests[0].body)).toHaveLength(10);
    expect(fake.stats().requests).toBe(0);

    const ran = await run(['run', 'events', '--json']);
    expect(ran.status).toBe(0);
    const record = JSON.parse(ran.stdout);
    expect(record).toMatchObject({ status: 'succeeded', trigger: 'cli', counters: { read: EVENTS, sent: EVENTS, maybeDuplicated: 0 } });
    expect(fake.accepted()).toHaveLength(EVENTS);

    const runs = JSON.parse((await run(['runs', 'events', '--json'])).stdout);
    expect(runs[0].id).toBe(record.id);
    // An HTTP endpoint gives no receipts; the summary is there all the same.
    expect(runs[0].batches).toEqual({ batches: 0, byStatus: {} });
  });

  it('fails clearly on a sync file that is not valid', async () => {
    const file = path.join(home, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'bad', connection: 'emu', destination: 'fake', query: 'SELECT 1', strategy: 'diff' }));
    const imported = await run(['syncs', 'import', file, '--json']);
    expect(imported.status).toBe(1);
    expect(JSON.parse(imported.stdout).error.message).toMatch(/primary key/);
  });
});

describe('crash safety', () => {
  it('after SIGKILL mid-run, the next run loses no row and re-sends only what was not acknowledged', async () => {
    await importSync('crashy', 'diff');
    fake.reset();
    fake.faults.delay(1_000_000, 40);
    const { child } = floe(['run', 'crashy']);
    await expect.poll(() => fake.accepted().length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(EVENTS / 4);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    fake.faults.reset();
    const storedBeforeRestart = fake.accepted().length;
    expect(storedBeforeRestart).toBeLessThan(EVENTS);

    const again = await run(['run', 'crashy', '--json']);
    expect(again.status, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout);

    // Nothing lost, nothing duplicated at the endpoint.
    const ids = fake.accepted().map((r) => r.event_id);
    expect(ids).toHaveLength(EVENTS);
    expect(new Set(ids).size).toBe(EVENTS);

    // The killed run is recorded as interrupted; what it committed is exactly what the second run skipped as unchanged.
    const db = new BetterSqlite3(path.join(home, 'floe.db'), { readonly: true });
    const killed = db.prepare("SELECT status, error_code, rows_sent FROM runs WHERE sync_id = (SELECT id FROM syncs WHERE name = 'crashy') ORDER BY queued_at LIMIT 1").get() as { status: string; error_code: string; rows_sent: number };
    db.close();
    expect(killed).toMatchObject({ status: 'failed', error_code: 'interrupted' });
    expect(second.counters.unchanged).toBe(killed.rows_sent);
    expect(second.counters.sent).toBe(EVENTS - killed.rows_sent);
    // At most the batches in flight at the kill were sent twice (and deduplicated by the endpoint).
    expect(storedBeforeRestart - killed.rows_sent).toBeLessThanOrEqual(4 * 50);
  });
});
