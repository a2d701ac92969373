import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { startHttpFake, type HttpFakeHandle } from '../../emulators/destinations/http';
import { assertCliBuilt, floeCli } from '../../helpers/floe-cli';
import { useTempDirs } from '../../helpers/temp-dir';

// Issue 15 §1.7: numbers typed on the command line go through the same contract as the app's
// (`--sample abc` reached the engine as LIMIT NaN).
const tempDir = useTempDirs('all');
let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let home: string;
const { run } = floeCli(() => home);

beforeAll(async () => {
  assertCliBuilt();
  emulator = await startEmulator({ rows: 100 });
  fake = await startHttpFake();
  home = tempDir();
  expect((await run(['connections', 'add', '--name', 'emu', '--account', 'floetest', '--user', emulator.admin.username, '--warehouse', emulator.warehouse, '--database', emulator.database, '--schema', emulator.schema, '--access-url', emulator.accessUrl, '--password-stdin'], emulator.admin.password)).status).toBe(0);
  expect((await run(['destinations', 'add', '--name', 'fake', '--kind', 'http', '--setting', `url=${fake.url}`])).status).toBe(0);
  const file = path.join(home, 'events.json');
  fs.writeFileSync(file, JSON.stringify({ name: 'events', connection: 'emu', destination: 'fake', query: 'SELECT EVENT_ID, EVENT_NAME FROM APP_EVENTS', primaryKey: ['EVENT_ID'] }));
  expect((await run(['syncs', 'import', file])).status).toBe(0);
});
afterAll(async () => {
  await fake?.close();
  await emulator?.close();
});

describe('numbers on the command line', () => {
  it.each([
    [['dry-run', 'events', '--sample', 'abc'], /--sample takes a whole number/],
    [['dry-run', 'events', '--sample', '2.5'], /--sample takes a whole number/],
    [['dry-run', 'events', '--sample', '-3'], /--sample takes a whole number/],
    [['dry-run', 'events', '--sample', '5000'], /sampleSize.*1000|at most 1000|1000/],
    [['dry-run', 'events', '--sample', '0'], /sampleSize|at least 1|>=1/],
    [['runs', '--limit', 'ten'], /--limit takes a whole number/],
    [['runs', '--limit', '100000'], /limit.*500|at most 500|500/],
  ])('floe %j is refused with what it takes, and nothing runs', async (args, said) => {
    const result = await run(args as string[]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(said);
    expect(result.stderr).not.toMatch(/NaN|at Object\.|TypeError/);
    expect(fake.stats().requests).toBe(0);
  });

  it('a good number still works', async () => {
    const result = await run(['dry-run', 'events', '--sample', '5', '--json']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ counts: { read: 5 } });
  });
});
