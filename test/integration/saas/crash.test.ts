import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTypeOf, presetFor } from '../../../shared/destinations';
import { seedSizes, startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { startAmplitudeFake, type AmplitudeFake } from '../../emulators/destinations/amplitude';
import { startCustomerIoFake, type CustomerIoFake } from '../../emulators/destinations/customerio';
import { DEFAULT_TOKEN, startCluedInFake, type CluedInFake } from '../../emulators/destinations/cluedin';
import { startCleverTapFake, type CleverTapFake } from '../../emulators/destinations/clevertap';
import { assertCliBuilt, floeCli } from '../../helpers/floe-cli';
import { useTempDirs } from '../../helpers/temp-dir';

// SIGKILL in the middle of a run to each SaaS destination, then a rerun: every row is stored
// exactly once by the fake, as a user running `floe run` from a terminal would meet it.
const ROWS = 3_000;
const SIZES = seedSizes(ROWS);
const tempDir = useTempDirs('all');
let emulator: EmulatorHandle;
let amplitude: AmplitudeFake;
let customerio: CustomerIoFake;
let cluedin: CluedInFake;
let clevertap: CleverTapFake;
let home: string;

const { start: floe, run } = floeCli(() => home);

beforeAll(async () => {
  assertCliBuilt();
  emulator = await startEmulator({ rows: ROWS });
  amplitude = await startAmplitudeFake();
  customerio = await startCustomerIoFake();
  cluedin = await startCluedInFake();
  clevertap = await startCleverTapFake();
  home = tempDir();
  expect((await run(['connections', 'add', '--name', 'emu', '--account', 'floetest', '--user', emulator.admin.username, '--warehouse', emulator.warehouse, '--database', emulator.database, '--schema', emulator.schema, '--access-url', emulator.accessUrl, '--password-stdin'], emulator.admin.password)).status).toBe(0);
  for (const [name, kind, url, key] of [['amp', 'amplitude', amplitude.url, 'AMP_KEY'], ['cio', 'customerio', customerio.url, 'CIO_KEY']] as const) {
    const added = await run(['destinations', 'add', '--name', name, '--kind', kind, '--setting', `endpoint=${url}`, '--setting', 'batchSize=50', '--secret-stdin', 'apiKey'], key);
    expect(added.status, added.stderr).toBe(0);
  }
  const cin = ['destinations', 'add', '--name', 'cin', '--kind', 'cluedin', '--setting', `url=${cluedin.endpointUrl()}`, '--setting', 'entityType=Event', '--setting', 'batchSize=500', '--secret-stdin', 'token'];
  const added = await run(cin, DEFAULT_TOKEN);
  expect(added.status, added.stderr).toBe(0);
  const ct = ['destinations', 'add', '--name', 'ct', '--kind', 'clevertap', '--setting', 'accountId=CT_ACCOUNT', '--setting', `endpoint=${clevertap.url}`, '--setting', 'batchSize=50', '--setting', 'concurrency=4', '--secret-stdin', 'passcode'];
  const addedCt = await run(ct, 'CT_PASSCODE');
  expect(addedCt.status, addedCt.stderr).toBe(0);
});
afterAll(async () => {
  await amplitude?.close();
  await customerio?.close();
  await cluedin?.close();
  await clevertap?.close();
  await emulator?.close();
});

async function importSync(name: string, destination: string, kind: 'amplitude' | 'customerio' | 'cluedin' | 'clevertap', dataType: string, query: string, columns: string[]): Promise<void> {
  const file = path.join(home, `${name}.json`);
  const mapping = presetFor(dataTypeOf(kind, dataType)!, columns);
  fs.writeFileSync(file, JSON.stringify({ name, connection: 'emu', destination, query, strategy: 'diff', primaryKey: [columns[0]], dataType, mapping }));
  const imported = await run(['syncs', 'import', file, '--json']);
  expect(imported.status, imported.stderr).toBe(0);
}

/** Kills `floe run` once the fake holds a quarter of the rows, reruns it, and returns the ids stored. */
async function killAndRerun(name: string, stored: () => number, total: number, slow: () => void, fast: () => void): Promise<void> {
  slow();
  const { child } = floe(['run', name]);
  await expect.poll(stored, { timeout: 30_000, interval: 50 }).toBeGreaterThan(total / 4).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${JSON.stringify((await run(['runs', name, '--json'])).stdout).slice(0, 2000)}`);
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('close', resolve));
  fast();
  expect(stored()).toBeLessThan(total);
  const again = await run(['run', name, '--json']);
  expect(again.status, again.stderr).toBe(0);
  const second = JSON.parse(again.stdout) as { counters: { read: number; sent: number; unchanged: number; rejected: number } };
  expect(second.counters.rejected).toBe(0);
  expect(second.counters.sent + second.counters.unchanged).toBe(total);
}

describe('SIGKILL mid-run, then a rerun: every row stored exactly once', () => {
  it('Amplitude events (insert_id)', async () => {
    const columns = ['EVENT_ID', 'EVENT_NAME', 'USER_ID', 'DEVICE_ID', 'EVENT_TIMESTAMP', 'PROPERTIES'];
    await importSync('amp-crash', 'amp', 'amplitude', 'events', `SELECT ${columns.join(', ')} FROM APP_EVENTS`, columns);
    amplitude.reset();
    await killAndRerun('amp-crash', () => amplitude.events().length, SIZES.events, () => amplitude.faults.delay(1_000_000, 40), () => amplitude.faults.clear());
    const ids = amplitude.events().map((e) => (e.event_properties as { event_id: string }).event_id);
    expect(ids).toHaveLength(SIZES.events);
    expect(new Set(ids).size).toBe(SIZES.events);
  });

  it('Customer.io events (messageId)', async () => {
    const columns = ['EVENT_ID', 'USER_ID', 'EVENT_NAME', 'EVENT_TIMESTAMP', 'PROPERTIES'];
    await importSync('cio-crash', 'cio', 'customerio', 'track', `SELECT ${columns.join(', ')} FROM APP_EVENTS`, columns);
    customerio.reset();
    await killAndRerun('cio-crash', () => customerio.calls().length, SIZES.events, () => customerio.faults.delay(1_000_000, 40), () => customerio.faults.clear());
    const ids = customerio.calls().map((c) => (c.properties as { event_id: string }).event_id);
    expect(ids).toHaveLength(SIZES.events);
    expect(new Set(ids).size).toBe(SIZES.events);
  });

  it('CleverTap events (no idempotency key): the copies a kill leaves are named in the rerun’s record, none lost', async () => {
    const columns = ['EVENT_ID', 'USER_ID', 'EVENT_NAME', 'EVENT_TIMESTAMP', 'PROPERTIES'];
    await importSync('ct-crash', 'ct', 'clevertap', 'events', `SELECT ${columns.join(', ')} FROM APP_EVENTS`, columns);
    clevertap.reset();
    // The first upload hangs; the next three are stored but wait behind it to be committed, in order.
    clevertap.faults.delay(1, 60_000);
    const { child } = floe(['run', 'ct-crash']);
    await expect.poll(() => clevertap.events().length, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(150);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    clevertap.faults.clear();
    const again = await run(['run', 'ct-crash', '--json']);
    expect(again.status, again.stderr).toBe(0);
    const rerun = JSON.parse(again.stdout) as { counters: { sent: number; maybeDuplicated: number } };
    const ids = clevertap.events().map((e) => e.evtData!.floe_id as string);
    expect(new Set(ids).size).toBe(SIZES.events);
    const copies = ids.length - SIZES.events;
    expect(copies).toBeGreaterThan(0);
    // Named: the rows the killed run had sent without committing an answer — the copies (answered,
    // waiting behind the hung upload) and at most 4 uploads of 50 still unanswered.
    expect(rerun.counters.sent).toBe(SIZES.events);
    expect(rerun.counters.maybeDuplicated).toBeGreaterThanOrEqual(copies);
    expect(rerun.counters.maybeDuplicated).toBeLessThanOrEqual(copies + 200);
    const later = JSON.parse((await run(['run', 'ct-crash', '--json'])).stdout) as { counters: { maybeDuplicated: number } };
    expect(later.counters.maybeDuplicated).toBe(0);
  });

  it('CluedIn entities and tombstones (externalId + timestamp): none stored twice', async () => {
    const columns = ['EVENT_ID', 'UPDATED_AT', 'EVENT_NAME', 'PLATFORM'];
    await emulator.sql('CREATE OR REPLACE TABLE CRASH_EVENTS AS SELECT * FROM APP_EVENTS');
    await importSync('cin-crash', 'cin', 'cluedin', 'entities', 'SELECT EVENT_ID, EVENT_TIMESTAMP AS UPDATED_AT, EVENT_NAME, PLATFORM FROM CRASH_EVENTS', columns);
    cluedin.reset();
    const slow = () => cluedin.faults.delay(1_000_000, 150);
    const fast = () => cluedin.faults.clear();
    await killAndRerun('cin-crash', () => cluedin.records().length, SIZES.events, slow, fast);
    const ids = cluedin.records().map((r) => r.externalId);
    expect(ids).toHaveLength(SIZES.events);
    expect(new Set(ids).size).toBe(SIZES.events);

    // Half the rows deleted: killed while their tombstones go out, the rerun sends the rest with the same times.
    await emulator.sql("DELETE FROM CRASH_EVENTS WHERE EVENT_ID LIKE '%0' OR EVENT_ID LIKE '%2' OR EVENT_ID LIKE '%4' OR EVENT_ID LIKE '%6' OR EVENT_ID LIKE '%8'");
    const gone = SIZES.events / 2;
    slow();
    const { child } = floe(['run', 'cin-crash']);
    await expect.poll(() => cluedin.tombstones().length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    fast();
    expect(cluedin.tombstones().length).toBeLessThan(gone);
    const again = await run(['run', 'cin-crash', '--json']);
    expect(again.status, again.stderr).toBe(0);
    const tombstones = cluedin.tombstones();
    expect(tombstones).toHaveLength(gone);
    expect(new Set(tombstones.map((t) => t.externalId)).size).toBe(gone);
    expect(new Set(tombstones.map((t) => t.timestamp)).size).toBe(1);
  });
});
