import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, floeCli } from '../../helpers/floe-cli';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs('all');
let home: string;
const { run } = floeCli(() => home);

const importFile = async (name: string, schedule: unknown) => {
  const file = path.join(home, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ name, connection: 'emu', destination: 'out', query: 'SELECT 1 AS ID', primaryKey: ['ID'], schedule }));
  return run(['syncs', 'import', file]);
};

beforeAll(async () => {
  assertCliBuilt();
  home = tempDir();
  // No sign-in happens here: saving a connection and a destination is enough to import syncs.
  const added = await run(['connections', 'add', '--name', 'emu', '--account', 'floetest', '--user', 'U', '--warehouse', 'W', '--database', 'D', '--schema', 'S', '--access-url', 'http://127.0.0.1:9', '--password-stdin'], 'pw');
  expect(added.status, added.stderr).toBe(0);
  expect((await run(['destinations', 'add', '--name', 'out', '--kind', 'file', '--setting', `directory=${home}`, '--setting', 'format=csv'])).status).toBe(0);
});

describe('schedules through the command line', () => {
  it('refuses an invalid cron and an unknown time zone, saying which field and why, and saves nothing', async () => {
    const cron = await importFile('bad cron', { kind: 'cron', expression: 'every tuesday please', timezone: 'UTC' });
    expect(cron.status).toBe(1);
    expect(cron.stderr).toMatch(/schedule\.expression: A cron expression has five fields .* "every tuesday please" has 3/);
    const zone = await importFile('bad zone', { kind: 'cron', expression: '0 9 * * 1-5', timezone: 'Mars/Olympus' });
    expect(zone.status).toBe(1);
    expect(zone.stderr).toMatch(/schedule\.timezone: Unknown time zone/);
    expect((await run(['syncs', 'list'])).stdout).toMatch(/No syncs yet/);
  });

  it('lists each sync with its state, schedule in words and next run; pause and resume', async () => {
    expect((await importFile('weekday mornings', { kind: 'weekly', days: [1, 2, 3, 4, 5], at: '09:00', timezone: 'Europe/Berlin' })).status).toBe(0);
    expect((await importFile('by hand', { kind: 'manual' })).status).toBe(0);
    const listed = (await run(['syncs', 'list'])).stdout;
    expect(listed).toMatch(/weekday mornings\tscheduled\tWeekdays at 09:00 \(Europe\/Berlin\)\tnext (Mon|Tue|Wed|Thu|Fri) \d+ \w{3}( \d{4})? 09:00 Europe\/Berlin/);
    expect(listed).toMatch(/by hand\tdraft\tManual \(Run now only\)/);

    expect((await run(['syncs', 'pause', 'weekday mornings'])).stdout).toMatch(/Paused "weekday mornings"/);
    expect((await run(['syncs', 'list'])).stdout).toMatch(/weekday mornings\tpaused\tWeekdays at 09:00 \(Europe\/Berlin\)\n/);
    expect((await run(['syncs', 'resume', 'weekday mornings'])).status).toBe(0);
    expect((await run(['syncs', 'list'])).stdout).toMatch(/weekday mornings\tscheduled/);
  });

  it('imports the old shapes unchanged and exports them back', async () => {
    expect((await importFile('old interval', { kind: 'interval', minutes: 15 })).status).toBe(0);
    const exported = JSON.parse((await run(['syncs', 'export', 'old interval'])).stdout) as { schedule: unknown };
    expect(exported.schedule).toEqual({ kind: 'interval', minutes: 15, catchUp: 'once' });
  });
});
