import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSizes, startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { assertCliBuilt, floeCli } from '../../helpers/floe-cli';
import { useTempDirs } from '../../helpers/temp-dir';

// A file run SIGKILLed after its state is committed but before its file is moved into place (held
// there by FLOE_TEST_PAUSE_AT_PUBLISH_MS), and partial files left by runs that are over: the next
// run moves the committed file into place and removes the garbage, and each row is in the folder
// once. Before the fix the rename came first and the commit after, so a kill between them left
// a whole file whose rows the next run wrote again.
const ROWS = 500;
const EVENTS = seedSizes(ROWS).events;
const tempDir = useTempDirs('all');
let emulator: EmulatorHandle;
let home: string;
const { start, run } = floeCli(() => home);

beforeAll(async () => {
  assertCliBuilt();
  emulator = await startEmulator({ rows: ROWS });
  home = tempDir();
  const connected = await run(['connections', 'add', '--name', 'emu', '--account', 'floetest', '--user', emulator.admin.username, '--warehouse', emulator.warehouse, '--database', emulator.database, '--schema', emulator.schema, '--access-url', emulator.accessUrl, '--password-stdin'], emulator.admin.password);
  expect(connected.status, connected.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  await emulator?.close();
});

const db = () => new BetterSqlite3(path.join(home, 'floe.db'), { readonly: true, fileMustExist: true });

/** The event ids of each visible file, and the names of the hidden ones. */
function folder(directory: string): { files: string[][]; hidden: string[] } {
  const names = fs.readdirSync(directory).sort();
  const files = names
    .filter((n) => !n.startsWith('.'))
    .map((n) => fs.readFileSync(path.join(directory, n), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { event_id: string }).event_id));
  return { files, hidden: names.filter((n) => n.startsWith('.')) };
}

describe('a file run killed between its commit and its rename', () => {
  it.each(['incremental', 'diff'] as const)('%s: the next run moves the committed file into place and removes dead runs’ partial files; every row once', async (strategy) => {
    const name = `publish-${strategy}`;
    const directory = path.join(home, name);
    fs.mkdirSync(directory);
    expect((await run(['destinations', 'add', '--name', name, '--kind', 'file', '--setting', `directory=${directory}`, '--setting', 'format=ndjson'])).status).toBe(0);
    const definition = path.join(home, `${name}.json`);
    fs.writeFileSync(definition, JSON.stringify({ name, connection: 'emu', destination: name, query: 'SELECT EVENT_ID, EVENT_NAME, EVENT_TIMESTAMP FROM APP_EVENTS', strategy, watermarkColumn: strategy === 'incremental' ? 'EVENT_TIMESTAMP' : null, primaryKey: ['EVENT_ID'] }));
    expect((await run(['syncs', 'import', definition])).status).toBe(0);

    // Killed once the run's state and its intent to publish are committed, before the rename.
    const { child, done } = start(['run', name], '', { FLOE_TEST_PAUSE_AT_PUBLISH_MS: '30000' });
    const deadline = Date.now() + 60_000;
    let due: { run_id: string; partial_path: string } | undefined;
    while (!due && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 20));
      if (!fs.existsSync(path.join(home, 'floe.db'))) continue;
      const d = db();
      try {
        const exists = d.prepare("SELECT 1 FROM sqlite_master WHERE name = 'pending_publishes'").get();
        due = exists ? (d.prepare('SELECT run_id, partial_path FROM pending_publishes').get() as typeof due) : undefined;
      } finally {
        d.close();
      }
    }
    expect(due, 'the run reached its publication').toBeDefined();
    child.kill('SIGKILL');
    await done;
    expect(folder(directory).files).toEqual([]);
    expect(fs.existsSync(due!.partial_path)).toBe(true);
    const d = db();
    const killed = d.prepare('SELECT status, rows_sent FROM runs WHERE id = ?').get(due!.run_id);
    d.close();
    expect(killed).toEqual({ status: 'succeeded', rows_sent: EVENTS });

    // Garbage of runs that are over (the killed run marked interrupted leaves one like this), and
    // a partial file of a run this data folder does not know, which is left alone.
    const dead = `.floe-old-2026-01-01T00-00-00-000Z.ndjson.${due!.run_id}.partial`;
    const stranger = `.floe-other-2026-01-01T00-00-00-000Z.ndjson.${randomUUID()}.partial`;
    fs.writeFileSync(path.join(directory, stranger), '{"event_id":"x"}\n');

    const again = await run(['run', name, '--json']);
    expect(again.status, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { counters: { sent: number } }).counters.sent).toBe(0);
    const after = folder(directory);
    expect(after.hidden).toEqual([stranger]);
    const ids = after.files.flat();
    expect(ids).toHaveLength(EVENTS);
    expect(new Set(ids).size).toBe(EVENTS);
    const e = db();
    expect(e.prepare('SELECT count(*) FROM pending_publishes').pluck().get()).toBe(0);
    e.close();

    // A dead run's partial file (its run over, nothing to publish) is removed by the next run.
    fs.writeFileSync(path.join(directory, dead), '{"event_id":"y"}\n');
    expect((await run(['run', name])).status).toBe(0);
    expect(folder(directory).hidden).toEqual([stranger]);
  }, 180_000);
});
