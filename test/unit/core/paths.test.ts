import { describe, expect, it } from 'vitest';
import { dataPaths, defaultHome } from '../../../electron/core/paths';

describe('defaultHome', () => {
  it.each([
    [{ FLOE_HOME: '/data/floe' }, 'linux', '/data/floe'],
    [{}, 'linux', '/home/ana/.config/Floe'],
    [{ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/xdg/Floe'],
    [{}, 'darwin', '/home/ana/Library/Application Support/Floe'],
    [{ APPDATA: '/appdata' }, 'win32', '/appdata/Floe'],
  ] as const)('%o on %s → %s', (env, platform, expected) => {
    expect(defaultHome(env as NodeJS.ProcessEnv, platform, '/home/ana')).toBe(expected);
  });

  it('keeps the database and log inside the data folder', () => {
    expect(dataPaths('/d')).toEqual({ home: '/d', database: '/d/floe.db', logs: '/d/logs', logFile: '/d/logs/floe.log' });
  });
});
