import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/core';
import { startHttpFake, type HttpFakeHandle } from '../../emulators/destinations/http';
import { seedSizes, startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { assertCliBuilt, floeCli } from '../../helpers/floe-cli';
import { useTempDirs } from '../../helpers/temp-dir';
import { eventually } from './helpers';

const ROWS = 200;
const EVENTS = seedSizes(ROWS).events;
const SYNCS = 4;
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
  const added = await run(['connections', 'add', '--name', 'emu', '--account', 'floetest', '--user', emulator.admin.username, '--warehouse', emulator.warehouse, '--database', emulator.database, '--schema', emulator.schema, '--access-url', emulator.accessUrl, '--password-stdin'], emulator.admin.password);
  expect(added.status, added.stderr).toBe(0);
  expect((await run(['destinations', 'add', '--name', 'fake', '--kind', 'http', '--setting', `url=${fake.url}`])).status).toBe(0);
  for (let i = 0; i < SYNCS; i++) {
    const file = path.join(home, `sync-${i}.json`);
    fs.writeFileSync(file, JSON.stringify({
      name: `every minute ${i}`, connection: 'emu', destination: 'fake', query: `SELECT EVENT_ID, ${i} AS COPY FROM APP_EVENTS`,
      primaryKey: ['EVENT_ID'], schedule: { kind: 'cron', expression: '* * * * *', timezone: 'UTC' },
    }));
    const imported = await run(['syncs', 'import', file]);
    expect(imported.status, imported.stderr).toBe(0);
  }
});
afterAll(async () => {
  await fake?.close();
  await emulator?.close();
});

describe('the app and `floe scheduler` on one data folder', () => {
  it('never run the same sync twice: each slot of each sync runs exactly once', { timeout: 120_000 }, async () => {
    const app = createCore({ home, mode: 'headless' });
    const cli = floe(['scheduler']);
    try {
      app.scheduler.start();
      // Both look at the same minute boundary; wait for its runs to end, and a little more for a second run that must not come.
      const firstSlot = Math.ceil((Date.now() + 1_000) / 60_000) * 60_000;
      const runs = () => app.store.runs.list({ limit: 500 }).filter((r) => r.trigger === 'schedule');
      await eventually(
        () => Date.now() > firstSlot + 3_000 && runs().length >= SYNCS && runs().every((r) => r.status !== 'queued' && r.status !== 'running'),
        100_000,
        'the slot of every sync to run',
      );
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const all = runs();
      const bySlot = new Map<string, number>();
      for (const r of all) bySlot.set(`${r.syncId} ${r.scheduledFor}`, (bySlot.get(`${r.syncId} ${r.scheduledFor}`) ?? 0) + 1);
      expect([...bySlot.values()].every((n) => n === 1)).toBe(true);
      expect(all.every((r) => r.status === 'succeeded')).toBe(true);
      // What the destination received: each sync's rows once per slot (the fake dedups by id, so count what reached it).
      const slots = new Set(all.map((r) => r.scheduledFor)).size;
      const stats = fake.stats();
      expect(stats.accepted + stats.duplicates).toBe(slots * SYNCS * EVENTS);
    } finally {
      cli.child.kill('SIGTERM');
      const out = await cli.done;
      await app.close();
      expect(out.stdout, out.stderr).toMatch(/scheduler is running/);
      expect(out.stdout).toMatch(/scheduler\.(due|slot_taken)/);
    }
  });
});
