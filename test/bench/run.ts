// `npm run bench [-- --rows N] [-- --destination amplitude]`: Floe's full sync against the raw
// driver reading the same query, in one run, plus Floe's reader alone (nothing delivered) and a
// diff re-run with 1% of rows changed. Prints rows/s, the Floe/raw ratio and the peak RSS of the
// engine's process (`floe run`), and writes bench/results.json. With `--destination amplitude`
// the full sync sends the events to the Amplitude fake (events data type, the preset mapping)
// and writes bench/results-amplitude.json. Not part of npm test: speed is measured here, never
// asserted in tests.
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
import type { Connection, Run } from '../../shared/schemas';
import { emulatorConnectionDraft } from '../helpers/fixtures';
import { startTool, stop, type EmulatorInfo } from '../tools/child-process';

process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION = 'true';
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ROWS = Number(arg('rows') ?? 1_000_000);
const DESTINATION = arg('destination') ?? 'http';
if (!['http', 'amplitude'].includes(DESTINATION)) throw new Error(`--destination takes http or amplitude, not ${DESTINATION}`);
const QUERY = 'SELECT EVENT_ID, EVENT_NAME, USER_ID, DEVICE_ID, EVENT_TIMESTAMP, PLATFORM, PROPERTIES FROM APP_EVENTS';


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

async function rawRowsPerSecond(e: EmulatorInfo): Promise<{ rows: number; perSecond: number }> {
  snowflake.configure({ logLevel: 'OFF' });
  const connection = snowflake.createConnection({ account: e.account, accessUrl: e.accessUrl, username: e.username, password: e.password, warehouse: e.warehouse, database: e.database, schema: e.schema });
  await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
  const started = performance.now();
  const statement = connection.execute({ sqlText: QUERY, streamResult: true });
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
async function readerRowsPerSecond(connection: Connection, password: string, prepare: PrepareSpec = { syncId: 'bench', mapping: { rules: [], passThrough: true }, primaryKey: ['EVENT_ID'], watermarkColumn: null }): Promise<number> {
  const started = performance.now();
  const source = await openRowSource({
    engineFile: path.join(root, 'out/main/worker.js'),
    heapMb: 512,
    youngMb: 24,
    // The run's own driver options, prefetch included (run-sync.ts).
    options: { ...driverOptions(connection, { kind: 'password', password }, 60_000), resultPrefetch: 1 } as DriverOptions,
    sql: QUERY,
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

/**
 * The Amplitude bench: 1M demo events to the Amplitude fake through the Batch API, mapped by the
 * events preset (user_id, device_id, event_type, time, event_properties), each with its insert_id.
 */
async function amplitudeBench(): Promise<void> {
  console.log(`Floe benchmark → Amplitude: ${ROWS.toLocaleString('en-US')} rows (starting the emulator and the Amplitude fake)…`);
  const emulator = await startTool<EmulatorInfo>('test/emulators/snowflake/cli.ts', ['--rows', String(ROWS)], 'FLOE_EMULATOR');
  const fake = await startTool<{ url: string }>('test/emulators/destinations/amplitude/cli.ts', [], 'FLOE_AMPLITUDE_FAKE');
  const e = emulator.info;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-bench-'));
  const core = createCore({ home, mode: 'headless', secrets: new Keychain() });
  const owned: Array<Parameters<Keychain['clear']>[0]> = [];
  try {
    const saved = core.store.connections.create(emulatorConnectionDraft(e, e.username, { name: 'bench' }));
    owned.push({ kind: 'connection', id: saved.id, field: 'password' });
    await core.secrets.set(owned[0]!, e.password);
    const destination = await core.handlers['destinations.create']({ name: 'amplitude', kind: 'amplitude', settings: { endpoint: fake.info.url, api: 'batch', batchSize: 2000, concurrency: 4 } });
    owned.push({ kind: 'destination', id: destination.id, field: 'apiKey' });
    await core.secrets.set(owned[1]!, 'AMP_KEY');
    const columns = ['EVENT_ID', 'EVENT_NAME', 'USER_ID', 'DEVICE_ID', 'EVENT_TIMESTAMP', 'PLATFORM', 'PROPERTIES'];
    const sync = core.store.syncs.create({
      name: 'amplitude', connectionId: saved.id, destinationId: destination.id, query: QUERY, strategy: 'full', dataType: 'events', watermarkColumn: null, primaryKey: ['EVENT_ID'],
      mapping: presetFor(dataTypeOf('amplitude', 'events')!, columns), schedule: { kind: 'manual' }, rowLimit: 40_000_000, enabled: true,
    });
    await core.close();
    await rawRowsPerSecond(e);
    const raw = await rawRowsPerSecond(e);
    console.log(`raw driver streamRows(): ${Math.round(raw.perSecond).toLocaleString('en-US')} rows/s (${raw.rows} rows)`);
    // The reader alone with this sync's mapping and Amplitude's per-row checks: what a run to
    // Amplitude could reach with delivery free.
    const reader = await readerRowsPerSecond(saved, e.password, {
      syncId: 'bench', mapping: sync.mapping, primaryKey: ['EVENT_ID'], watermarkColumn: null,
      destination: { kind: 'amplitude', dataType: 'events', settings: destination.settings },
    });
    console.log(`Floe reader alone, Amplitude mapping and checks (nothing delivered): ${Math.round(reader).toLocaleString('en-US')} rows/s`);
    const { run, peakMb } = await runCli(home, sync.name);
    if (run.status !== 'succeeded') throw new Error(`bench run ${run.status}: ${run.error?.message}`);
    const perSecond = run.counters.read / ((Date.parse(run.finishedAt!) - Date.parse(run.startedAt!)) / 1000);
    const stored = (await (await fetch(`${fake.info.url}/__fake/stats`)).json()) as { accepted?: number };
    console.log(`Floe full sync → Amplitude: ${Math.round(perSecond).toLocaleString('en-US')} rows/s (${run.counters.sent} sent, ${stored.accepted ?? '?'} stored by the fake), peak RSS ${peakMb} MB`);
    const results = {
      destination: 'amplitude',
      rows: raw.rows,
      raw_rows_per_s: Math.round(raw.perSecond),
      floe_rows_per_s: Math.round(perSecond),
      ratio: Number((perSecond / raw.perSecond).toFixed(3)),
      reader_rows_per_s: Math.round(reader),
      sent: run.counters.sent,
      stored_by_fake: stored.accepted ?? null,
      peak_rss_mb: peakMb,
    };
    console.log(`ratio Floe→Amplitude / raw: ${results.ratio}`);
    fs.mkdirSync(path.resolve(__dirname, '../../bench'), { recursive: true });
    fs.writeFileSync(path.resolve(__dirname, '../../bench/results-amplitude.json'), JSON.stringify(results, null, 2) + '\n');
    console.log('wrote bench/results-amplitude.json');
  } finally {
    await core.close();
    for (const ref of owned) await new Keychain().clear(ref).catch(() => false);
    fs.rmSync(home, { recursive: true, force: true });
    await stop(fake.child);
    await stop(emulator.child);
  }
}

async function main(): Promise<void> {
  if (DESTINATION === 'amplitude') return amplitudeBench();
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
