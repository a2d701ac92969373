import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keychain } from '../../electron/core/secrets';
import { dataTypeOf, presetFor } from '../../shared/destinations';
import type { Result } from '../../shared/ipc';
import { SecretField, type DestinationKind, type Run, type SecretRef } from '../../shared/schemas';
import { startAmplitudeFake, type AmplitudeFake } from '../emulators/destinations/amplitude';
import { startCleverTapFake, type CleverTapFake } from '../emulators/destinations/clevertap';
import { startCluedInFake, type CluedInFake } from '../emulators/destinations/cluedin';
import { startCustomerIoFake, type CustomerIoFake } from '../emulators/destinations/customerio';
import { startHttpFake, type HttpFakeHandle } from '../emulators/destinations/http';
import { startEmulator, type EmulatorHandle } from '../emulators/snowflake';
import { assertCliBuilt, FLOE_CLI, floeCli } from '../helpers/floe-cli';
import { useTempDirs } from '../helpers/temp-dir';
import { HostClient } from '../helpers/ws-client';
import { clearKeychainOf } from './keychain-cleanup';

/*
 * Secret scan (issue 15 §2): a unique marker is planted as every kind of secret Floe keeps (the
 * Snowflake password, a generated key pair's private key and its passphrase, an HTTP bearer
 * token, a basic-auth password, a secret header when this build has them, Amplitude's and
 * Customer.io's API keys, CleverTap's passcode, CluedIn's token, a token given to the CLI on
 * standard input, and a wrong token for a failed run). Every flow then runs through the built
 * `floe serve` over its WebSocket and through the built CLI on the same data folder: connect and
 * test (saved and draft), preview, dry run (saved and draft), a row mapped, send test, run, a
 * failed run and its notification, export, every list. Then every place a secret must never
 * reach is searched for each marker, raw and base64-encoded at any alignment (an Authorization
 * header logged would be): floe.db, its WAL and shm, the logs and every other file of the data
 * folder (while the host runs and after it stopped), every IPC answer and pushed event, every
 * CLI stdout and stderr, and the host's own output. The DOM of the pages that show secrets is
 * searched by test/e2e/secret-scan.spec.ts.
 */

const ROWS = 100;
const tempDir = useTempDirs('all');
const hex = () => randomBytes(8).toString('hex');
/** Every marker starts with this, so a secret cut short still shows up. */
const PREFIX = 'FLOEMARK';
const marker = (what: string) => `${PREFIX}${what}${hex()}`;

const markers = {
  password: marker('pw'),
  passphrase: marker('phrase'),
  bearer: marker('bearer'),
  wrongBearer: marker('wrong'),
  basic: marker('basic'),
  header: marker('header'),
  amplitude: marker('amp'),
  customerio: marker('cio'),
  passcode: marker('ctpass'),
  cluedin: marker('cluedin'),
  cliToken: marker('cli'),
};
/** The generated private key, as its PEM's lines (read back from the keychain once generated). */
let privateKeyLines: string[] = [];
const secretHeaders = SecretField.safeParse('header:X-Api-Key').success;

let emulator: EmulatorHandle;
let bearerFake: HttpFakeHandle;
let basicFake: HttpFakeHandle;
let amplitude: AmplitudeFake;
let customerio: CustomerIoFake;
let clevertap: CleverTapFake;
let cluedin: CluedInFake;
let home: string;
let serve: ChildProcess;
let serveOutput = '';
let client: HostClient;

/** Every text a secret must not reach, by where it came from. */
const places: Array<{ where: string; text: string }> = [];
const answers: Array<{ channel: string; result: Result<unknown> }> = [];

async function ask<T>(channel: string, input: unknown = {}): Promise<T> {
  const result = await client.invoke<T>(channel, input);
  answers.push({ channel, result });
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const cli = floeCli(() => home);
async function floe(args: string[], stdin = ''): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const result = await cli.run(args, stdin);
  places.push({ where: `floe ${args.join(' ')} (stdout)`, text: result.stdout }, { where: `floe ${args.join(' ')} (stderr)`, text: result.stderr });
  return result;
}

async function finished(runId: string): Promise<Run> {
  for (let i = 0; i < 600; i++) {
    const run = await ask<Run>('runs.get', { id: runId });
    if (run.status !== 'queued' && run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`run ${runId} did not finish`);
}

/** Each file of the data folder, read now. */
function dataFolderFiles(when: string): void {
  for (const entry of fs.readdirSync(home, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    places.push({ where: `${path.relative(home, file)} (${when})`, text: fs.readFileSync(file).toString('latin1') });
  }
}

/** A marker as it may appear: itself, or inside base64 at any of the three alignments. */
function forms(secret: string): string[] {
  const b64 = [0, 1, 2].map((pad) => Buffer.from('x'.repeat(pad) + secret).toString('base64').slice(4, -4));
  return [secret, ...b64];
}

async function startServe(): Promise<string> {
  serve = spawn(process.execPath, [FLOE_CLI, 'serve'], { env: { ...process.env, FLOE_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    serve.stdout!.on('data', (chunk: Buffer) => {
      serveOutput += chunk.toString();
      const line = serveOutput.split('\n').find((l) => l.startsWith('http://'));
      if (line) resolve(line.trim());
    });
    serve.stderr!.on('data', (chunk: Buffer) => (serveOutput += chunk.toString()));
    serve.once('exit', (code) => reject(new Error(`floe serve exited (${code}): ${serveOutput}`)));
  });
}

async function stopServe(): Promise<void> {
  if (!serve || serve.exitCode !== null) return;
  const exited = new Promise((resolve) => serve.once('exit', resolve));
  serve.kill('SIGTERM');
  await exited;
}

beforeAll(async () => {
  assertCliBuilt();
  home = tempDir();
  emulator = await startEmulator({ rows: ROWS, password: markers.password });
  bearerFake = await startHttpFake({ auth: { bearer: markers.bearer }, ...(secretHeaders ? { requiredHeaders: { 'X-Api-Key': markers.header } } : {}) });
  basicFake = await startHttpFake({ auth: { basic: { username: 'floe', password: markers.basic } } });
  amplitude = await startAmplitudeFake({ apiKeys: [markers.amplitude] });
  customerio = await startCustomerIoFake({ apiKeys: [markers.customerio] });
  clevertap = await startCleverTapFake({ accounts: [{ id: 'CT_ACCOUNT', passcode: markers.passcode }] });
  cluedin = await startCluedInFake({ tokens: [markers.cluedin] });
  client = await HostClient.connect(await startServe());
});

afterAll(async () => {
  client?.close();
  await stopServe();
  if (home && fs.existsSync(path.join(home, 'floe.db'))) await clearKeychainOf(path.join(home, 'floe.db'));
  for (const fake of [bearerFake, basicFake, amplitude, customerio, clevertap, cluedin, emulator]) await fake?.close();
});

describe('secret scan: every kind of secret, every flow, every place it must not reach', () => {
  it('finds no marker anywhere', async () => {
    const e = emulator;
    const where = { account: e.account.toLowerCase(), warehouse: e.warehouse, database: e.database, schema: e.schema, accessUrl: e.accessUrl };

    // Connect: the wizard's draft test with the password, then a saved connection with it.
    const draft = { name: 'Warehouse', username: e.admin.username, role: null, authKind: 'password', keyId: null, objects: { kind: 'all' }, ...where };
    expect(await ask<{ ok: boolean }>('connections.testDraft', { draft, password: markers.password })).toMatchObject({ ok: true });
    const connection = await ask<{ id: string }>('connections.create', draft);
    await ask('secrets.set', { ref: { kind: 'connection', id: connection.id, field: 'password' }, value: markers.password });
    expect(await ask<{ ok: boolean }>('connections.test', { id: connection.id })).toMatchObject({ ok: true });

    // A generated key pair with a passphrase, registered for the user, signs in.
    const key = await ask<{ id: string; publicKey: string }>('keys.generate', { name: 'Scan key', passphrase: markers.passphrase });
    const pem = (await new Keychain().get({ kind: 'key', id: key.id, field: 'privateKey' } as SecretRef))!;
    privateKeyLines = pem.split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----'));
    expect(privateKeyLines.length).toBeGreaterThan(10);
    const body = key.publicKey.replace(/-----[A-Z ]+-----|\s/g, '');
    await e.sql(`ALTER USER ${e.admin.username} SET RSA_PUBLIC_KEY='${body}'`);
    const keyConnection = await ask<{ id: string }>('connections.create', { ...draft, name: 'Warehouse by key', authKind: 'keypair', keyId: key.id });
    expect(await ask<{ ok: boolean }>('connections.test', { id: keyConnection.id })).toMatchObject({ ok: true });

    // Destinations, each with its secret from the keychain.
    const destination = async (name: string, kind: DestinationKind, settings: Record<string, unknown>, secrets: Record<string, string>) => {
      const saved = await ask<{ id: string }>('destinations.create', { name, kind, settings });
      for (const [field, value] of Object.entries(secrets)) await ask('secrets.set', { ref: { kind: 'destination', id: saved.id, field }, value });
      return saved.id;
    };
    const hook = { url: bearerFake.url, auth: 'bearer', batchSize: 50, ...(secretHeaders ? { secretHeaders: ['X-Api-Key'] } : {}) };
    const headerSecret: Record<string, string> = secretHeaders ? { 'header:X-Api-Key': markers.header } : {};
    const destinations: Array<{ id: string; kind: DestinationKind; dataType: string; columns: string[]; table: string }> = [
      { id: await destination('Hook', 'http', hook, { token: markers.bearer, ...headerSecret }), kind: 'http', dataType: 'records', columns: ['EVENT_ID', 'EVENT_NAME', 'USER_ID'], table: 'APP_EVENTS' },
      {
        id: await destination('Basic hook', 'http', { url: basicFake.url, auth: 'basic', basicUsername: 'floe', batchSize: 50 }, { basicAuth: markers.basic }),
        kind: 'http', dataType: 'records', columns: ['EVENT_ID', 'EVENT_NAME'], table: 'APP_EVENTS',
      },
      {
        id: await destination('Amplitude', 'amplitude', { endpoint: amplitude.url, batchSize: 50 }, { apiKey: markers.amplitude }),
        kind: 'amplitude', dataType: 'events', columns: ['EVENT_ID', 'EVENT_NAME', 'USER_ID', 'DEVICE_ID', 'EVENT_TIMESTAMP', 'PROPERTIES'], table: 'APP_EVENTS',
      },
      {
        id: await destination('Customer.io', 'customerio', { endpoint: customerio.url, batchSize: 40 }, { apiKey: markers.customerio }),
        kind: 'customerio', dataType: 'identify', columns: ['USER_ID', 'EMAIL', 'FIRST_NAME', 'PLAN', 'UPDATED_AT'], table: 'USERS',
      },
      {
        id: await destination('CleverTap', 'clevertap', { accountId: 'CT_ACCOUNT', endpoint: clevertap.url, batchSize: 50 }, { passcode: markers.passcode }),
        kind: 'clevertap', dataType: 'profiles', columns: ['USER_ID', 'EMAIL', 'FIRST_NAME', 'PLAN', 'UPDATED_AT'], table: 'USERS',
      },
      {
        id: await destination('CluedIn', 'cluedin', { url: cluedin.endpointUrl(), entityType: 'Customer', batchSize: 500 }, { token: markers.cluedin }),
        kind: 'cluedin', dataType: 'entities', columns: ['USER_ID', 'UPDATED_AT', 'EMAIL', 'FIRST_NAME'], table: 'USERS',
      },
    ];
    // The wrong token: its run fails, and the failure is reported and notified.
    const wrong = await destination('Hook with a wrong token', 'http', hook, { token: markers.wrongBearer, ...headerSecret });

    const syncOf = (d: { id: string; kind: DestinationKind; dataType: string; columns: string[]; table: string }, name: string) => ({
      name,
      connectionId: connection.id,
      destinationId: d.id,
      query: `SELECT ${d.columns.join(', ')} FROM ${d.table}`,
      strategy: 'full',
      dataType: d.dataType,
      watermarkColumn: null,
      primaryKey: [d.columns[0]!],
      mapping: presetFor(dataTypeOf(d.kind, d.dataType)!, d.columns),
      schedule: { kind: 'manual' },
      rowLimit: 40_000_000,
      enabled: true,
    });
    const syncNames: string[] = [];
    for (const [i, d] of destinations.entries()) {
      const draftSync = syncOf(d, `Scan ${i} ${d.kind}`);
      const sync = await ask<{ id: string }>('syncs.create', draftSync);
      syncNames.push(draftSync.name);
      if (i === 0) {
        const preview = await ask<{ rows: Array<Record<string, unknown>> }>('syncs.preview', { connectionId: connection.id, query: draftSync.query });
        await ask('syncs.mapRow', { row: preview.rows[0] ?? {}, mapping: draftSync.mapping, destinationId: d.id, dataType: d.dataType });
      }
      const test = await client.invoke('destinations.sendTest', { id: d.id });
      answers.push({ channel: 'destinations.sendTest', result: test });
      await ask('syncs.dryRun', { id: sync.id, sampleSize: 20 });
      await ask('syncs.dryRunDraft', { draft: draftSync, sampleSize: 20 });
      const run = await finished((await ask<Run>('syncs.run', { id: sync.id })).id);
      expect(run.status, `${d.kind}: ${run.error?.message}`).toBe('succeeded');
      for (const channel of ['runs.events', 'runs.get']) await ask(channel, { id: run.id });
      await ask('runs.batches', { runId: run.id });
      await ask('runs.rejected', { runId: run.id });
    }
    const failedSync = await ask<{ id: string }>('syncs.create', syncOf({ ...destinations[0]!, id: wrong }, 'Scan failing'));
    const failed = await finished((await ask<Run>('syncs.run', { id: failedSync.id })).id);
    expect(failed.status).toBe('failed');
    await ask('runs.events', { id: failed.id });
    await ask('runs.rejectedGroups', { runId: failed.id });
    for (const channel of ['connections.list', 'keys.list', 'destinations.list', 'syncs.list', 'syncs.overview', 'app.info', 'app.status', 'preferences.get']) await ask(channel);
    await ask('runs.list', {});
    const notifications = await ask<Array<{ kind: string }>>('notifications.list', {});
    expect(notifications.some((n) => n.kind === 'failed')).toBe(true);

    // The CLI on the same data folder: secrets typed in, then every command that shows things.
    expect((await floe(['destinations', 'add', '--name', 'CLI hook', '--kind', 'http', '--setting', `url=${bearerFake.url}`, '--setting', 'auth=bearer', '--secret-stdin', 'token'], markers.cliToken)).status).toBe(0);
    const cliConnection = ['connections', 'add', '--name', 'CLI warehouse', '--account', where.account, '--user', e.admin.username, '--password-stdin', '--access-url', e.accessUrl];
    expect((await floe(cliConnection, markers.password)).status).toBe(0);
    expect((await floe(['connections', 'test', 'CLI warehouse', '--json'])).status).toBe(0);
    expect((await floe(['connections', 'test', 'Warehouse by key'])).status).toBe(0);
    for (const name of [...syncNames, 'Scan failing']) expect((await floe(['syncs', 'export', name])).status).toBe(0);
    expect((await floe(['dry-run', syncNames[0]!, '--json', '--sample', '10'])).status).toBe(0);
    expect((await floe(['run', syncNames[0]!, '--json'])).status).toBe(0);
    expect((await floe(['run', 'Scan failing'])).status).toBe(1);
    for (const args of [['destinations', 'list', '--json'], ['destinations', 'list'], ['connections', 'list', '--json'], ['keys', 'list', '--json'], ['syncs', 'list', '--json'], ['runs', '--json'], ['runs']]) {
      expect((await floe(args)).status, args.join(' ')).toBe(0);
    }

    // Where to look: everything said over IPC, the data folder while the host runs and after it stopped.
    for (const { channel, result } of answers) places.push({ where: `IPC ${channel}`, text: JSON.stringify(result) });
    for (const event of client.events) places.push({ where: `IPC event ${event.name}`, text: JSON.stringify(event.payload) });
    dataFolderFiles('host running');
    expect(places.some((p) => p.where.startsWith('floe.db-wal'))).toBe(true);
    client.close();
    await stopServe();
    dataFolderFiles('host stopped');
    places.push({ where: 'floe serve output', text: serveOutput });

    // The search finds a secret where it would hide: an Authorization header's base64, a URL.
    const found = (text: string, secret: string) => forms(secret).some((form) => text.includes(form));
    expect(found(`Basic ${Buffer.from(`floe:${markers.basic}`).toString('base64')}`, markers.basic)).toBe(true);
    expect(found(`https://x/?key=${markers.amplitude}&a=1`, markers.amplitude)).toBe(true);

    const secrets = [...Object.entries(markers).map(([what, value]) => ({ what, value })), ...privateKeyLines.map((line, i) => ({ what: `private key line ${i + 1}`, value: line }))];
    const hits: string[] = [];
    for (const place of places) {
      if (place.text.includes(PREFIX)) hits.push(`${place.where}: holds "${PREFIX}…" (${place.text.slice(Math.max(0, place.text.indexOf(PREFIX) - 80), place.text.indexOf(PREFIX) + 60)})`);
      for (const secret of secrets) if (found(place.text, secret.value)) hits.push(`${place.where}: the ${secret.what}`);
    }
    const kinds = Object.keys(markers).length + 1;
    console.log(
      `secret scan: ${kinds} markers (${Object.keys(markers).join(', ')}, private key${secretHeaders ? '' : '; no secret headers in this build'}), ` +
        `${places.length} places searched (${answers.length} IPC answers, ${client.events.length} events, ${places.filter((p) => p.where.startsWith('floe ')).length} CLI outputs, data folder files twice, the host's output), ${hits.length} hits`,
    );
    expect(hits).toEqual([]);
  });
});
