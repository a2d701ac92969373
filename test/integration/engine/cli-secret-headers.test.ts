import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { startHttpFake, type HttpFakeHandle } from '../../emulators/destinations/http';
import { assertCliBuilt, floeCli } from '../../helpers/floe-cli';
import { useTempDirs } from '../../helpers/temp-dir';

// Issue 15 §1.2 on the command line: `floe destinations add` sets a secret header's value from
// standard input into the keychain, refuses credentials as plain settings, and
// `floe destinations list --json` prints no secret, even one an older Floe saved as a setting.
const TOKEN = 'CLI-BEARER-TOKEN-51c2';
const KEY = 'CLI-SECRET-HEADER-9d4e';
const tempDir = useTempDirs('all');
let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let home: string;
const { run } = floeCli(() => home);
const listed = async () => (await run(['destinations', 'list', '--json'])).stdout;

beforeAll(async () => {
  assertCliBuilt();
  emulator = await startEmulator({ rows: 50 });
  // This endpoint refuses requests without both the token and the header.
  fake = await startHttpFake({ auth: { bearer: TOKEN }, requiredHeaders: { 'X-Api-Key': KEY } });
  home = tempDir();
  const connected = await run(['connections', 'add', '--name', 'emu', '--account', 'floetest', '--user', emulator.admin.username, '--warehouse', emulator.warehouse, '--database', emulator.database, '--schema', emulator.schema, '--access-url', emulator.accessUrl, '--password-stdin'], emulator.admin.password);
  expect(connected.status, connected.stderr).toBe(0);
});
afterAll(async () => {
  await fake?.close();
  await emulator?.close();
});

describe('floe destinations add with a secret header', () => {
  it('reads the token and the header’s value from standard input, one a line, into the keychain; the run sends both', async () => {
    const added = await run(
      ['destinations', 'add', '--name', 'keyed', '--kind', 'http', '--setting', `url=${fake.url}`, '--setting', 'auth=bearer', '--secret-stdin', 'token', '--secret-header-stdin', 'X-Api-Key'],
      `${TOKEN}\n${KEY}\n`,
    );
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/its token and secret header X-Api-Key are in the keychain/);
    const list = await listed();
    expect(JSON.parse(list)[0].settings).toMatchObject({ secretHeaders: ['X-Api-Key'], auth: 'bearer' });
    expect(list).not.toMatch(new RegExp(`${TOKEN}|${KEY}`));

    const file = path.join(home, 'keyed-sync.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'to keyed', connection: 'emu', destination: 'keyed', query: 'SELECT EVENT_ID FROM APP_EVENTS LIMIT 3', primaryKey: ['EVENT_ID'] }));
    expect((await run(['syncs', 'import', file])).status).toBe(0);
    const ran = await run(['run', 'to keyed', '--json']);
    expect(ran.status, ran.stdout + ran.stderr).toBe(0);
    expect(fake.accepted()).toHaveLength(3);
    const dry = await run(['dry-run', 'to keyed', '--json']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('X-Api-Key');
    expect(dry.stdout).not.toMatch(new RegExp(`${TOKEN}|${KEY}`));
    for (const f of ['floe.db', 'floe.db-wal'].map((n) => path.join(home, n)).filter((f) => fs.existsSync(f))) {
      expect(fs.readFileSync(f).toString('latin1')).not.toMatch(new RegExp(`${TOKEN}|${KEY}`));
    }
  });

  it.each([
    [['--setting', 'headers.X-Api-Key=abc'], 'x\n', /headers\.X-Api-Key: “X-Api-Key” is a credential: add it as a secret header/],
    [['--setting', 'url=http://127.0.0.1:9/in?api_key=abc'], 'x\n', /url: .*“api_key” parameter is a credential/],
    [['--setting', 'url=http://me:pw@127.0.0.1:9/in'], 'x\n', /url: .*user name or password/],
    [['--secret-header-stdin', 'X-Api-Key'], '', /Standard input held no value for the secret header X-Api-Key/],
    [['--setting', 'auth=bearer', '--secret-stdin', 'token', '--secret-header-stdin', 'X-Api-Key'], 'only-one\n', /one secret a line.*token, then secret header X-Api-Key/],
    [['--secret-header-stdin', 'X Api Key'], 'v\n', /secretHeaders\.0: .*header name/],
  ])('refuses %j with what is wrong and what to do, saving nothing', async (args, stdin, message) => {
    const before = await listed();
    const refused = await run(['destinations', 'add', '--name', 'bad', '--kind', 'http', '--setting', 'url=http://127.0.0.1:9/in', ...args], stdin);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(message);
    expect(await listed()).toBe(before);
  });

  it('lists a destination an older Floe saved with a credential header, its value masked', async () => {
    const added = await run(['destinations', 'add', '--name', 'old', '--kind', 'http', '--setting', 'url=http://127.0.0.1:9/in']);
    expect(added.status, added.stderr).toBe(0);
    // As an older Floe saved it, without today's checks.
    const db = new BetterSqlite3(path.join(home, 'floe.db'));
    db.prepare('UPDATE destinations SET settings_json = ? WHERE name = ?').run(JSON.stringify({ url: 'http://127.0.0.1:9/in?token=OLD-URL-TOKEN', headers: { 'X-Api-Key': 'OLD-HEADER-KEY' } }), 'old');
    db.close();
    const list = await listed();
    expect(list).not.toMatch(/OLD-URL-TOKEN|OLD-HEADER-KEY/);
    expect(JSON.parse(list).find((d: { name: string }) => d.name === 'old').settings).toMatchObject({ headers: { 'X-Api-Key': '••••••' } });
    expect((await run(['destinations', 'list'])).stdout).toContain('old\tHTTP endpoint\tPOST http://127.0.0.1:9/in?token=••••••');
  });
});
