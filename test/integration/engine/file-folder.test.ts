import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/ipc/dispatch';
import { useEngineEnv } from './helpers';

const t = useEngineEnv(50);
const call = (channel: string, input: unknown) => dispatch(t.env.core.handlers, channel, input, t.env.core.log);

describe('a file destination’s folder', () => {
  it('must be a full path: a relative one is refused at the field, by core too', async () => {
    for (const directory of ['exports', './exports', '~/exports']) {
      const refused = await call('destinations.create', { name: `Relative ${directory}`, kind: 'file', settings: { directory } });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_settings', fields: { directory: expect.stringContaining('full path') } } });
    }
    expect(await call('destinations.createFolder', { directory: 'exports' })).toMatchObject({ ok: false, error: { code: 'relative_folder' } });
  });

  it('is looked at without being created; saving a missing one is refused beside the field until the user creates it', async () => {
    const folder = path.join(t.tempDir(), 'exports', 'daily');
    expect(await call('destinations.checkFolder', { directory: folder })).toMatchObject({ ok: true, value: { state: 'missing', problem: { message: `The folder ${folder} does not exist.` } } });
    const refused = await call('destinations.create', { name: 'Daily', kind: 'file', settings: { directory: folder } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'folder_unusable', fields: { directory: `The folder ${folder} does not exist.` } } });
    expect(fs.existsSync(folder)).toBe(false);

    expect(await call('destinations.createFolder', { directory: folder })).toEqual({ ok: true, value: { directory: folder, created: true } });
    expect(fs.statSync(folder).isDirectory()).toBe(true);
    expect(await call('destinations.createFolder', { directory: folder })).toEqual({ ok: true, value: { directory: folder, created: false } });
    expect(await call('destinations.checkFolder', { directory: folder })).toMatchObject({ ok: true, value: { state: 'ready', problem: null } });
    expect(await call('destinations.create', { name: 'Daily', kind: 'file', settings: { directory: folder } })).toMatchObject({ ok: true });
  });

  it('that is a file is refused as not a folder', async () => {
    const file = path.join(t.tempDir(), 'exports.txt');
    fs.writeFileSync(file, 'x');
    expect(await call('destinations.checkFolder', { directory: file })).toMatchObject({ ok: true, value: { state: 'not-a-folder' } });
    expect(await call('destinations.checkFolder', { directory: path.join(file, 'inside') })).toMatchObject({ ok: true, value: { state: 'not-a-folder' } });
    expect(await call('destinations.create', { name: 'A file', kind: 'file', settings: { directory: file } })).toMatchObject({ ok: false, error: { fields: { directory: expect.stringContaining('not a folder') } } });
  });

  it('gone missing makes a run fail with the remedy, and the run does not create it', async () => {
    const folder = path.join(t.tempDir(), 'exports');
    fs.mkdirSync(folder);
    const destination = await t.env.core.handlers['destinations.create']({ name: 'Gone', kind: 'file', settings: { directory: folder } });
    const sync = await t.env.sync({ destinationId: destination.id, primaryKey: ['USER_ID'], query: 'SELECT USER_ID, EMAIL FROM USERS' });
    fs.rmSync(folder, { recursive: true });

    const run = await t.env.run(sync.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'folder_missing', message: `The folder ${folder} does not exist, so Floe wrote no file.` });
    expect(run.error?.remedy).toMatch(/choose another folder; Floe does not create it during a run/);
    expect(fs.existsSync(folder)).toBe(false);

    // Created again (as the form offers), the next run writes its file there.
    fs.mkdirSync(folder);
    const again = await t.env.run(sync.id);
    expect(again.status).toBe('succeeded');
    expect(fs.readdirSync(folder)).toHaveLength(1);
  });
});
