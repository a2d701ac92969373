import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/core';
import { startHttpFake, type HttpFakeHandle } from '../../emulators/destinations/http';
import { seedSizes, startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { assertCliBuilt, floeCli } from '../../helpers/floe-cli';
import { useTempDirs } from '../../helpers/temp-dir';
import { eventually } from './helpers';

const ROWS = 200;
const EVENTS = seedSizes(ROWS).events;
const tempDir = useTempDirs('all');
let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let home: string;
let app: Core;
const { run } = floeCli(() => home);

beforeAll(async () => {
  assertCliBuilt();
  emulator = await startEmulator({ rows: ROWS });
  fake = await startHttpFake();
  home = tempDir();
  const added = await run(['connections', 'add', '--name', 'emu', '--account', 'floetest', '--user', emulator.admin.username, '--warehouse', emulator.warehouse, '--database', emulator.database, '--schema', emulator.schema, '--access-url', emulator.accessUrl, '--password-stdin'], emulator.admin.password);
  expect(added.status, added.stderr).toBe(0);
  expect((await run(['destinations', 'add', '--name', 'fake', '--kind', 'http', '--setting', `url=${fake.url}`])).status).toBe(0);
  const file = path.join(home, 'events.json');
  fs.writeFileSync(file, JSON.stringify({ name: 'events', connection: 'emu', destination: 'fake', query: 'SELECT EVENT_ID, EVENT_NAME FROM APP_EVENTS', primaryKey: ['EVENT_ID'] }));
  expect((await run(['syncs', 'import', file])).status).toBe(0);
  app = createCore({ home, mode: 'headless' });
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
  await emulator?.close();
});

describe('the run lease across processes', () => {
  it('floe run refuses a sync the app is running, and runs it once the app’s run has finished', async () => {
    const sync = app.store.syncs.findByName('events')!;
    fake.faults.delay(1, 4_000);
    const started = await app.engine.start(sync.id, 'manual');
    await eventually(() => app.store.runs.get(started.run.id)?.status === 'running', 15_000, 'the app’s run to start');

    const refused = await run(['run', 'events']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/"events" is already running\.\nWait for the current run to finish, or cancel it/);
    // A person asking is not a run: nothing recorded for the refusal.
    expect(app.store.runs.list({ syncId: sync.id })).toHaveLength(1);

    expect((await started.finished).status).toBe('succeeded');
    const after = await run(['run', 'events', '--json']);
    expect(after.status, after.stderr).toBe(0);
    expect(fake.stats().accepted + fake.stats().duplicates).toBe(2 * EVENTS);
  });

  it('a run left open by a process that died does not hold the lease', async () => {
    const sync = app.store.syncs.findByName('events')!;
    // A run whose process is gone (a kill -9 of floe run): its pid no longer exists.
    const stale = app.store.runs.queue(sync.id, 'cli');
    app.store.db.prepare('UPDATE runs SET owner_pid = ?, status = ? WHERE id = ?').run(2 ** 22 + 12_345, 'running', stale.id);
    const next = await run(['run', 'events', '--json']);
    expect(next.status, next.stderr).toBe(0);
    expect(app.store.runs.get(stale.id)).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });
  });
});
