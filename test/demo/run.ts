// `npm run demo`: a working Floe within a minute of installing. Starts the Snowflake emulator
// with its demo data, the HTTP fake and the Amplitude, Customer.io, CleverTap and CluedIn fakes
// (each in its own process), then Floe's headless host with a demo connection, a destination for
// each (their keys in the keychain) and syncs to each, and prints the link.
// The workspace lives in FLOE_HOME if set, else in a fresh temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataTypeOf, presetFor } from '../../shared/destinations';
import type { Destination, DestinationKind, SecretField } from '../../shared/schemas';
import { createCore, type Core } from '../../electron/core/core';
import { startHost } from '../../electron/core/host/server';
import { emulatorConnectionDraft } from '../helpers/fixtures';
import { startTool, stop, type EmulatorInfo } from '../tools/child-process';

/** The keys the fakes take, saved to the keychain as a user would paste theirs. */
const AMP_KEY = 'AMP_KEY';
const CIO_KEY = 'CIO_KEY';
/** The CleverTap fake's default account. */
const CT_ACCOUNT = 'CT_ACCOUNT';
const CT_PASSCODE = 'CT_PASSCODE';
/** The CluedIn fake's default ingestion endpoint (CluedIn's documentation's example id) and token. */
const CLUEDIN_ENDPOINT = '9A327661-51FD-4FFC-8DF5-3F80746B996C';
const CLUEDIN_TOKEN = 'CLUEDIN_TOKEN';

/**
 * A demo destination pointed at a fake: created once, its settings pointed at this start's port
 * (the fakes' ports change each start), its API key saved in the keychain when it has one.
 */
async function demoDestination(core: Core, name: string, kind: DestinationKind, settings: Record<string, unknown>, apiKey?: string, field: SecretField = 'apiKey'): Promise<Destination> {
  const found = core.store.destinations.list().find((d) => d.name === name);
  const destination = found
    ? await core.handlers['destinations.update']({ id: found.id, draft: { name, kind, settings: { ...found.settings, ...settings } } })
    : await core.handlers['destinations.create']({ name, kind, settings });
  if (apiKey) await core.secrets.set({ kind: 'destination', id: destination.id, field }, apiKey);
  return destination;
}

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

async function main(): Promise<void> {
  const rows = Number(arg('rows') ?? 20_000);
  const home = process.env.FLOE_HOME ? path.resolve(process.env.FLOE_HOME) : fs.mkdtempSync(path.join(os.tmpdir(), 'floe-demo-'));
  console.log(`Starting the Snowflake emulator (${rows.toLocaleString('en-US')} demo events), the HTTP endpoint and the Amplitude, Customer.io, CleverTap and CluedIn fakes…`);
  const [emulator, fake, amplitudeFake, customerIoFake, cleverTapFake, cluedInFake] = await Promise.all([
    startTool<EmulatorInfo>('test/emulators/snowflake/cli.ts', ['--rows', String(rows)], 'FLOE_EMULATOR'),
    startTool<{ url: string }>('test/emulators/destinations/http/cli.ts', [], 'FLOE_HTTP_FAKE'),
    startTool<{ url: string }>('test/emulators/destinations/amplitude/cli.ts', [], 'FLOE_AMPLITUDE_FAKE'),
    startTool<{ url: string }>('test/emulators/destinations/customerio/cli.ts', [], 'FLOE_CUSTOMERIO_FAKE'),
    startTool<{ url: string }>('test/emulators/destinations/clevertap/cli.ts', [], 'FLOE_CLEVERTAP_FAKE'),
    startTool<{ url: string }>('test/emulators/destinations/cluedin/cli.ts', [], 'FLOE_CLUEDIN_FAKE'),
  ]);
  const cluedInUrl = `${cluedInFake.info.url}/upload/api/endpoint/${CLUEDIN_ENDPOINT}`;
  const e = emulator.info;

  const core = createCore({ home, mode: 'headless', echoLog: true });
  const existing = core.store.connections.findByName('Demo warehouse');
  const connection =
    existing ??
    core.store.connections.create(emulatorConnectionDraft(e, e.username, { name: 'Demo warehouse' }));
  // The emulator's port changes each start: point the demo connection at this one.
  core.store.connections.update(connection.id, { ...connection, accessUrl: e.accessUrl });
  await core.secrets.set({ kind: 'connection', id: connection.id, field: 'password' }, e.password);
  const destination =
    core.store.destinations.list().find((d) => d.name === 'Demo webhook') ??
    (await core.handlers['destinations.create']({ name: 'Demo webhook', kind: 'http', settings: { url: fake.info.url } }));
  core.store.destinations.update(destination.id, { ...destination, settings: { ...destination.settings, url: fake.info.url } });
  const base = { connectionId: connection.id, destinationId: destination.id, dataType: 'records', watermarkColumn: null, schedule: { kind: 'manual' as const }, rowLimit: 40_000_000, enabled: true };
  if (!core.store.syncs.findByName('App events to webhook')) {
    await core.handlers['syncs.create']({
      ...base,
      name: 'App events to webhook',
      query: 'SELECT EVENT_ID, EVENT_NAME, USER_ID, DEVICE_ID, EVENT_TIMESTAMP, PLATFORM, PROPERTIES FROM APP_EVENTS',
      strategy: 'full',
      primaryKey: ['EVENT_ID'],
      mapping: { rules: [{ target: 'time', source: 'EVENT_TIMESTAMP', type: 'epoch-ms', required: true }], passThrough: true },
    });
  }
  if (!core.store.syncs.findByName('Changed user profiles')) {
    await core.handlers['syncs.create']({
      ...base,
      name: 'Changed user profiles',
      // One sync runs by itself, so the demo shows the scheduler, the sync list's next run and health.
      schedule: { kind: 'interval', minutes: 5, catchUp: 'once' },
      query: 'SELECT USER_ID, EMAIL, FIRST_NAME, LAST_NAME, PLAN, COUNTRY, UPDATED_AT FROM USERS',
      strategy: 'diff',
      primaryKey: ['USER_ID'],
      mapping: {
        rules: [
          { target: 'user_id', source: 'USER_ID', type: 'string', required: true },
          { target: 'traits.email', source: 'EMAIL', type: 'string', required: true },
          { target: 'traits.plan', source: 'PLAN', type: 'string', required: false },
        ],
        passThrough: false,
      },
    });
  }

  // The SaaS destinations, each with a sync whose mapping starts from its data type's preset, as the app's form does.
  const amplitude = await demoDestination(core, 'Demo Amplitude', 'amplitude', { endpoint: amplitudeFake.info.url }, AMP_KEY);
  const customerIo = await demoDestination(core, 'Demo Customer.io', 'customerio', { endpoint: customerIoFake.info.url }, CIO_KEY);
  const cleverTap = await demoDestination(core, 'Demo CleverTap', 'clevertap', { accountId: CT_ACCOUNT, endpoint: cleverTapFake.info.url }, CT_PASSCODE, 'passcode');
  const cluedIn = await demoDestination(core, 'Demo CluedIn', 'cluedin', { url: cluedInUrl, entityType: 'Customer' }, CLUEDIN_TOKEN, 'token');
  const saasSyncs = [
    { name: 'App events to Amplitude', destination: amplitude, dataType: 'events', columns: ['EVENT_ID', 'EVENT_NAME', 'USER_ID', 'DEVICE_ID', 'EVENT_TIMESTAMP', 'PLATFORM', 'APP_VERSION', 'PROPERTIES'], table: 'APP_EVENTS', key: 'EVENT_ID' },
    { name: 'People to Customer.io', destination: customerIo, dataType: 'identify', columns: ['USER_ID', 'EMAIL', 'FIRST_NAME', 'LAST_NAME', 'PLAN', 'COUNTRY', 'UPDATED_AT'], table: 'USERS', key: 'USER_ID' },
    { name: 'Profiles to CleverTap', destination: cleverTap, dataType: 'profiles', columns: ['USER_ID', 'EMAIL', 'FIRST_NAME', 'LAST_NAME', 'PLAN', 'COUNTRY', 'UPDATED_AT'], table: 'USERS', key: 'USER_ID' },
    { name: 'App events to CleverTap', destination: cleverTap, dataType: 'events', columns: ['EVENT_ID', 'EVENT_NAME', 'USER_ID', 'EVENT_TIMESTAMP', 'PLATFORM', 'APP_VERSION', 'PROPERTIES'], table: 'APP_EVENTS', key: 'EVENT_ID' },
    // Each user one Customer entity, its externalId the USER_ID; a user gone from USERS becomes a tombstone.
    { name: 'Customers to CluedIn', destination: cluedIn, dataType: 'entities', columns: ['USER_ID', 'EMAIL', 'FIRST_NAME', 'LAST_NAME', 'PLAN', 'COUNTRY', 'UPDATED_AT'], table: 'USERS', key: 'USER_ID' },
  ];
  for (const s of saasSyncs) {
    if (core.store.syncs.findByName(s.name)) continue;
    await core.handlers['syncs.create']({
      ...base,
      name: s.name,
      destinationId: s.destination.id,
      dataType: s.dataType,
      query: `SELECT ${s.columns.join(', ')} FROM ${s.table}`,
      strategy: 'diff',
      primaryKey: [s.key],
      mapping: presetFor(dataTypeOf(s.destination.kind, s.dataType)!, s.columns),
    });
  }

  const host = await startHost({ core, rendererDir: path.resolve(__dirname, '../../out/renderer') });
  core.scheduler.start();
  console.log(`Floe demo workspace in ${home}`);
  console.log(`Emulator: ${e.accessUrl}   HTTP endpoint: ${fake.info.url}`);
  console.log(`Amplitude fake: ${amplitudeFake.info.url} (key ${AMP_KEY})   Customer.io fake: ${customerIoFake.info.url} (key ${CIO_KEY})`);
  console.log(`CleverTap fake: ${cleverTapFake.info.url} (account ${CT_ACCOUNT}, passcode ${CT_PASSCODE})`);
  console.log(`CluedIn fake: ${cluedInUrl} (token ${CLUEDIN_TOKEN})`);
  console.log('Open this link in a browser on this machine, go to Syncs and press Run now ("Changed user profiles" also runs by itself every 5 minutes):');
  console.log(host.url);

  const shutdown = async () => {
    await host.close();
    await core.close();
    await Promise.all([fake, amplitudeFake, customerIoFake, cleverTapFake, cluedInFake, emulator].map((tool) => stop(tool.child)));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
