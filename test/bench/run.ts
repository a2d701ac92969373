// `npm run bench [-- --rows N] [-- --destination amplitude|clevertap|cluedin]`: Floe's full sync
// against the raw driver reading the same query, in one run, plus Floe's reader alone (nothing
// delivered) and a diff re-run with 1% of rows changed. Prints rows/s, the Floe/raw ratio and the
// peak RSS of the engine's process (`floe run`), and writes bench/results.json. With
// `--destination <saas>` the full sync sends the demo events to that destination's fake (its data
// type, the preset mapping, the destination's own checks) and writes bench/results-<saas>.json.
// Not part of npm test: speed is measured here, never asserted in tests.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import snowflake from 'snowflake-sdk';
import { createCore } from '../../electron/core/core';
import { digestBatch, type PrepareSpec } from '../../electron/engine/rows/prepared';
import { openRowSource } from '../../electron/engine/source/threaded-source';
import type { DriverOptions } from '../../electron/snowflake/driver';
import { driverOptions } from '../../electron/snowflake/driver-options';
import { Keychain } from '../../electron/core/secrets';
import { dataTypeOf, presetFor } from '../../shared/destinations';
import type { Connection, DestinationKind, Run, SecretField } from '../../shared/schemas';
import { emulatorConnectionDraft } from '../helpers/fixtures';
import { startTool, stop, type EmulatorInfo } from '../tools/child-process';

process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION = 'true';
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ROWS = Number(arg('rows') ?? 1_000_000);
const DESTINATION = arg('destination') ?? 'http';
const QUERY = 'SELECT EVENT_ID, EVENT_NAME, USER_ID, DEVICE_ID, EVENT_TIMESTAMP, PLATFORM, PROPERTIES FROM APP_EVENTS';

/** A SaaS destination's bench: its fake, settings, key and the sync of demo events it takes. */
interface SaasBench {
  kind: DestinationKind;
  label: string;
  fake: string;
  marker: string;
  settings(url: string): Record<string, unknown>;
  secret: { field: SecretField; value: string };
  dataType: string;
  query: string;
  columns: string[];
}

const EVENT_COLUMNS = ['EVENT_ID', 'EVENT_NAME', 'USER_ID', 'DEVICE_ID', 'EVENT_TIMESTAMP', 'PLATFORM', 'PROPERTIES'];
const SAAS: Record<string, SaasBench> = {
  // The Batch API: events mapped by the preset (user_id, device_id, event_type, time, event_properties), each with its insert_id.
  amplitude: {
    kind: 'amplitude', label: 'Amplitude', fake: 'amplitude', marker: 'FLOE_AMPLITUDE_FAKE',
    settings: (url) => ({ endpoint: url, api: 'batch', batchSize: 2000, concurrency: 4 }),
    secret: { field: 'apiKey', value: 'AMP_KEY' }, dataType: 'events', query: QUERY, columns: EVENT_COLUMNS,
  },
  // Events (identity, evtName, ts in seconds, evtData with floe_id), 1000 a request, 4 in flight of the account's 15.
  clevertap: {
    kind: 'clevertap', label: 'CleverTap', fake: 'clevertap', marker: 'FLOE_CLEVERTAP_FAKE',
    settings: (url) => ({ accountId: 'CT_ACCOUNT', endpoint: url, batchSize: 1000, concurrency: 4 }),
    secret: { field: 'passcode', value: 'CT_PASSCODE' }, dataType: 'events',
    query: 'SELECT EVENT_ID, EVENT_NAME, USER_ID, EVENT_TIMESTAMP, PLATFORM, PROPERTIES FROM APP_EVENTS',
    columns: ['EVENT_ID', 'EVENT_NAME', 'USER_ID', 'EVENT_TIMESTAMP', 'PLATFORM', 'PROPERTIES'],
  },
  // Entities {externalId: EVENT_ID, type, timestamp, properties}, the destination's defaults: 1000 a request, gzip JSON.
  cluedin: {
    kind: 'cluedin', label: 'CluedIn', fake: 'cluedin', marker: 'FLOE_CLUEDIN_FAKE',
    settings: (url) => ({ url: `${url}/upload/api/endpoint/9A327661-51FD-4FFC-8DF5-3F80746B996C`, entityType: 'Event', concurrency: 4 }),
    secret: { field: 'token', value: 'CLUEDIN_TOKEN' }, dataType: 'entities',
    query: 'SELECT EVENT_ID, EVENT_TIMESTAMP AS UPDATED_AT, EVENT_NAME, USER_ID, PLATFORM, PROPERTIES FROM APP_EVENTS',
    columns: ['EVENT_ID', 'UPDATED_AT', 'EVENT_NAME', 'USER_ID', 'PLATFORM', 'PROPERTIES'],
  },
};
if (DESTINATION !== 'http' && !SAAS[DESTINATION]) throw new Error(`--destination takes http, ${Object.keys(SAAS).join(', ')}, not ${DESTINATION}`);


const root = path.resolve(__dirname, '../..');

/** Runs `floe run NAME --json` and reads the process's peak resident memory (VmHWM) while it runs. */
function runCli(home: string, name: string): Promise<{ run: Run; peakMb: number }> {
  const child = spawn(process.execPath, [path.join(root, 'out/main/cli.js'), 'run', name, '--json'], { env: { ...process.env, FLOE_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let peakKb = 0;
  const sample = () => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      // the process has exited
    }
  };
  const timer = setInterval(sample, 25);
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('close', () => {
      clearInterval(timer);
      try {
        resolve({ run: JSON.parse(out) as Run, peakMb: Math.round(peakKb / 1024) });
      } catch {
        reject(new Error(`floe run ${name} printed no run record: ${out}`));
      }
    }),
  );
}

async function rawRowsPerSecond(e: EmulatorInfo, query = QUERY): Promise<{ rows: number; perSecond: number }> {
  snowflake.configure({ logLevel: 'OFF' });
  const connection = snowflake.createConnection({ account: e.account, accessUrl: e.accessUrl, username: e.username, password: e.password, warehouse: e.warehouse, database: e.database, schema: e.schema });
  await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
  const started = performance.now();
  const statement = connection.execute({ sqlText: query, streamResult: true });
  let rows = 0;
  for await (const _row of statement.streamRows()) rows += 1;
  const seconds = (performance.now() - started) / 1000;
  await new Promise<void>((resolve) => connection.destroy(() => resolve()));
  return { rows, perSecond: rows / seconds };
}

/**
 * Floe's reader alone: the driver in the reader thread, Floe's conversions, keying, mapping and
 * canonical JSON, then the digest the run takes of every row, with nothing delivered or
 * committed. The fastest a run could go; what a full sync loses beyond it is delivery and state.
 */
async function readerRowsPerSecond(connection: Connection, password: string, prepare: PrepareSpec = { syncId: 'bench', mapping: { rules: [], passThrough: true }, primaryKey: ['EVENT_ID'], watermarkColumn: null }, sql = QUERY): Promise<number> {
  const started = performance.now();
  const source = await openRowSource({
    engineFile: path.join(root, 'out/main/worker.js'),
    heapMb: 512,
    youngMb: 24,
    // The run's own driver options, prefetch included (run-sync.ts).
    options: { ...driverOptions(connection, { kind: 'password', password }, 60_000), resultPrefetch: 1 } as DriverOptions,
    sql,
    binds: [],
    prepare,
  });
  let rows = 0;
  try {
    for await (const batch of source.batches) rows += digestBatch(batch).count;
  } finally {
    await source.close();
  }
  return rows / ((performance.now() - started) / 1000);
}

/** A SaaS bench: 1M demo events to the destination's fake, through the destination's own checks and requests. */
async function saasBench(b: SaasBench): Promise<void> {
  console.log(`Floe benchmark → ${b.label}: ${ROWS.toLocaleString('en-US')} rows (starting the emulator and the ${b.label} fake)…`);
  const emulator = await startTool<EmulatorInfo>('test/emulators/snowflake/cli.ts', ['--rows', String(ROWS)], 'FLOE_EMULATOR');
  const fake = await startTool<{ url: string }>(`test/emulators/destinations/${b.fake}/cli.ts`, [], b.marker);
  const e = emulator.info;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-bench-'));
  const core = createCore({ home, mode: 'headless', secrets: new Keychain() });
  const owned: Array<Parameters<Keychain['clear']>[0]> = [];
  try {
    const saved = core.store.connections.create(emulatorConnectionDraft(e, e.username, { name: 'bench' }));
    owned.push({ kind: 'connection', id: saved.id, field: 'password' });
    await core.secrets.set(owned[0]!, e.password);
    const destination = await core.handlers['destinations.create']({ name: b.kind, kind: b.kind, settings: b.settings(fake.info.url) });
    owned.push({ kind: 'destination', id: destination.id, field: b.secret.field });
    await core.secrets.set(owned[1]!, b.secret.value);
    const sync = core.store.syncs.create({
      name: b.kind, connectionId: saved.id, destinationId: destination.id, query: b.query, strategy: 'full', dataType: b.dataType, watermarkColumn: null, primaryKey: ['EVENT_ID'],
      mapping: presetFor(dataTypeOf(b.kind, b.dataType)!, b.columns), schedule: { kind: 'manual' }, rowLimit: 40_000_000, enabled: true,
    });
    await core.close();
    await rawRowsPerSecond(e, b.query);
    const raw = await rawRowsPerSecond(e, b.query);
    console.log(`raw driver streamRows(): ${Math.round(raw.perSecond).toLocaleString('en-US')} rows/s (${raw.rows} rows)`);
    // The reader alone with this sync's mapping and the destination's per-row checks: what a run
    // to it could reach with delivery free.
    const reader = await readerRowsPerSecond(
      saved,
      e.password,
      { syncId: 'bench', mapping: sync.mapping, primaryKey: ['EVENT_ID'], watermarkColumn: null, destination: { kind: b.kind, dataType: b.dataType, settings: destination.settings } },
      b.query,
    );
    console.log(`Floe reader alone, ${b.label} mapping and checks (nothing delivered): ${Math.round(reader).toLocaleString('en-US')} rows/s`);
    const { run, peakMb } = await runCli(home, sync.name);
    if (run.status !== 'succeeded') throw new Error(`bench run ${run.status}: ${run.error?.message}`);
    const perSecond = run.counters.read / ((Date.parse(run.finishedAt!) - Date.parse(run.startedAt!)) / 1000);
    const stored = (await (await fetch(`${fake.info.url}/__fake/stats`)).json()) as { accepted?: number };
    console.log(`Floe full sync → ${b.label}: ${Math.round(perSecond).toLocaleString('en-US')} rows/s (${run.counters.sent} sent, ${stored.accepted ?? '?'} stored by the fake), peak RSS ${peakMb} MB`);
    const results = {
      destination: b.kind,
      rows: raw.rows,
      raw_rows_per_s: Math.round(raw.perSecond),
      floe_rows_per_s: Math.round(perSecond),
      ratio: Number((perSecond / raw.perSecond).toFixed(3)),
      reader_rows_per_s: Math.round(reader),
      sent: run.counters.sent,
      stored_by_fake: stored.accepted ?? null,
      peak_rss_mb: peakMb,
    };
    console.log(`ratio Floe→${b.label} / raw: ${results.ratio}`);
    fs.mkdirSync(path.resolve(__dirname, '../../bench'), { recursive: true });
    fs.writeFileSync(path.resolve(__dirname, `../../bench/results-${b.kind}.json`), JSON.stringify(results, null, 2) + '\n');
    console.log(`wrote bench/results-${b.kind}.json`);
  } finally {
    await core.close();
    for (const ref of owned) await new Keychain().clear(ref).catch(() => false);
    fs.rmSync(home, { recursive: true, force: true });
    await stop(fake.child);
    await stop(emulator.child);
  }
}

async function main(): Promise<void> {
  const saas = SAAS[DESTINATION];
  if (saas) return saasBench(saas);
  console.log(`Floe benchmark: ${ROWS.toLocaleString('en-US')} rows (starting the emulator and the HTTP fake)…`);
  const emulator = await startTool<EmulatorInfo>('test/emulators/snowflake/cli.ts', ['--rows', String(ROWS)], 'FLOE_EMULATOR');
  const fake = await startTool<{ url: string }>('test/emulators/destinations/http/cli.ts', ['--max-records', '10000', '--max-bytes', String(64 * 1024 * 1024)], 'FLOE_HTTP_FAKE');
  const e = emulator.info;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-bench-'));
  // The real keychain service: `floe run` (a separate process) reads the password from it.
  const core = createCore({ home, mode: 'headless', secrets: new Keychain() });
  let connection: Connection | null = null;
  try {
    const saved = core.store.connections.create(emulatorConnectionDraft(e, e.username, { name: 'bench' }));
    connection = saved;
    await core.secrets.set({ kind: 'connection', id: saved.id, field: 'password' }, e.password);
    const destination = await core.handlers['destinations.create']({ name: 'fake', kind: 'http', settings: { url: fake.info.url, batchSize: 2000, maxBatchBytes: 8 * 1024 * 1024, concurrency: 4 } });
    const draft = (name: string, strategy: 'full' | 'diff') => ({
      name, connectionId: saved.id, destinationId: destination.id, query: QUERY, strategy, dataType: 'records', watermarkColumn: null, primaryKey: ['EVENT_ID'],
      mapping: { rules: [], passThrough: true }, schedule: { kind: 'manual' as const }, rowLimit: 40_000_000, enabled: true,
    });
    const full = core.store.syncs.create(draft('full', 'full'));
    const diffSync = core.store.syncs.create(draft('diff', 'diff'));
    // The engine runs as a user runs it, in its own process (`floe run`), so its peak RSS is
    // the engine's own and not this script's.
    await core.close();
    const timed = async (name: string) => {
      const { run, peakMb } = await runCli(home, name);
      if (run.status !== 'succeeded') throw new Error(`bench run ${run.status}: ${run.error?.message}`);
      const seconds = (Date.parse(run.finishedAt!) - Date.parse(run.startedAt!)) / 1000;
      return { run, perSecond: run.counters.read / seconds, peakMb };
    };
    // The emulator's first read of a table is slower (it materialises the result once); a
    // warm-up read keeps that cost out of both measurements instead of charging it to raw.
    await rawRowsPerSecond(e);
    const raw = await rawRowsPerSecond(e);
    console.log(`raw driver streamRows(): ${Math.round(raw.perSecond).toLocaleString('en-US')} rows/s (${raw.rows} rows)`);
    const reader = await readerRowsPerSecond(saved, e.password);
    console.log(`Floe reader alone (nothing delivered): ${Math.round(reader).toLocaleString('en-US')} rows/s`);
    const fullRun = await timed(full.name);
    console.log(`Floe full sync → HTTP: ${Math.round(fullRun.perSecond).toLocaleString('en-US')} rows/s (${fullRun.run.counters.sent} sent), peak RSS ${fullRun.peakMb} MB`);

    const first = await timed(diffSync.name);
    const changed = Math.max(1, Math.round(ROWS / 100));
    await fetch(`${e.accessUrl}/__floe/sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql: `UPDATE APP_EVENTS SET EVENT_NAME = 'bench_changed' WHERE EVENT_ID IN (SELECT EVENT_ID FROM APP_EVENTS ORDER BY EVENT_ID LIMIT ${changed})` }),
    });
    const diff = await timed(diffSync.name);
    console.log(`Floe diff first run: ${Math.round(first.perSecond).toLocaleString('en-US')} rows/s, peak RSS ${first.peakMb} MB`);
    console.log(`Floe diff re-run (${diff.run.counters.sent} changed of ${diff.run.counters.read}): ${Math.round(diff.perSecond).toLocaleString('en-US')} rows/s, peak RSS ${diff.peakMb} MB`);

    const results = {
      rows: raw.rows,
      raw_rows_per_s: Math.round(raw.perSecond),
      floe_rows_per_s: Math.round(fullRun.perSecond),
      ratio: Number((fullRun.perSecond / raw.perSecond).toFixed(3)),
      reader_rows_per_s: Math.round(reader),
      diff_rows_per_s: Math.round(diff.perSecond),
      peak_rss_mb: Math.max(fullRun.peakMb, first.peakMb, diff.peakMb),
      full_peak_rss_mb: fullRun.peakMb,
      diff_first_peak_rss_mb: first.peakMb,
      diff_rerun_peak_rss_mb: diff.peakMb,
    };
    console.log(`ratio Floe/raw: ${results.ratio}; peak RSS of the engine process: ${results.peak_rss_mb} MB`);
    fs.mkdirSync(path.resolve(__dirname, '../../bench'), { recursive: true });
    fs.writeFileSync(path.resolve(__dirname, '../../bench/results.json'), JSON.stringify(results, null, 2) + '\n');
    console.log('wrote bench/results.json');
  } finally {
    await core.close();
    if (connection) await new Keychain().clear({ kind: 'connection', id: connection.id, field: 'password' }).catch(() => false);
    fs.rmSync(home, { recursive: true, force: true });
    await stop(fake.child);
    await stop(emulator.child);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
