import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDataFolderHandler } from '../../../electron/main/data-folder';
import { useTempDirs } from '../../helpers/temp-dir';
import { flush, launchApp, type ElectronMock } from './launch-app';

vi.mock('electron', async () => {
  const { createElectronMock } = await import('./electron-mock');
  return createElectronMock();
});

const tempDir = useTempDirs();

describe('Settings’ Open beside the data folder', () => {
  it('opens the folder with the OS file manager', async () => {
    const shell = { openPath: vi.fn(() => Promise.resolve('')) };
    await expect(openDataFolderHandler(shell, '/home/me/.config/Floe')({})).resolves.toEqual({ opened: true });
    expect(shell.openPath).toHaveBeenCalledWith('/home/me/.config/Floe');
  });

  it('says what the OS answered when it could not, and what to do instead', async () => {
    const shell = { openPath: vi.fn(() => Promise.resolve('No application is registered for folders')) };
    await expect(openDataFolderHandler(shell, '/data/floe')({})).rejects.toMatchObject({
      code: 'open_failed',
      message: 'Floe could not open /data/floe: No application is registered for folders',
      remedy: expect.stringContaining('Settings shows the path to copy'),
    });
  });
});

describe('the desktop app answers app.openDataFolder itself', () => {
  const savedHome = process.env.FLOE_HOME;
  let launched: ElectronMock | undefined;
  beforeEach(() => vi.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(async () => {
    launched?.app.emit('before-quit', { preventDefault: () => undefined });
    launched = undefined;
    await flush();
    process.env.FLOE_HOME = savedHome;
    vi.restoreAllMocks();
  });

  it('with shell.openPath on its data folder, where core alone refuses', async () => {
    const home = tempDir();
    launched = await launchApp(vi, home);
    const window = launched.BrowserWindow.created[0]!;
    const frame = { url: window.loaded!.split('#')[0], parent: null };
    const answer = await launched.ipcMain.handlers.get('app.openDataFolder')!({ senderFrame: frame }, {});
    expect(answer).toEqual({ ok: true, value: { opened: true } });
    expect(launched.shell.openPath).toHaveBeenCalledWith(home);
  });
});
