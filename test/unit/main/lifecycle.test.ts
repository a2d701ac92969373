import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../../shared/ipc/names';
import { useTempDirs } from '../../helpers/temp-dir';
import type { FakeBrowserWindow as FakeWindowClass } from './electron-mock';
import { flush, launchApp, type ElectronMock } from './launch-app';

const electron = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock('electron', async () => {
  const { createElectronMock } = await import('./electron-mock');
  electron.current = createElectronMock();
  return electron.current;
});

const tempDir = useTempDirs();

type Mock = ElectronMock;
let launched: Mock | undefined;
let FakeBrowserWindow: typeof FakeWindowClass;

async function launch(lock: boolean): Promise<Mock> {
  const mock = await launchApp(vi, tempDir(), { lock });
  FakeBrowserWindow = mock.BrowserWindow;
  launched = mock;
  return mock;
}

describe('the desktop app lifecycle', () => {
  const savedHome = process.env.FLOE_HOME;
  beforeEach(() => vi.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(async () => {
    // Close the app each test launched before its data folder is removed.
    launched?.app.emit('before-quit', { preventDefault: () => undefined });
    launched = undefined;
    await flush();
    process.env.FLOE_HOME = savedHome;
    vi.restoreAllMocks();
  });

  it('quits at once when another Floe already holds the single-instance lock', async () => {
    const mock = await launch(false);
    expect(mock.app.quit).toHaveBeenCalled();
    expect(mock.app.whenReady).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('starts core, registers the contract, opens one locked-down window, a menu and a tray', async () => {
    const mock = await launch(true);
    expect([...mock.ipcMain.handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(FakeBrowserWindow.created[0]!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(mock.Menu.setApplicationMenu).toHaveBeenCalled();
    const tray = (mock.Tray as unknown as { instances: Array<{ tooltip: string }> }).instances.at(-1)!;
    expect(tray.tooltip).toBe('Floe — Floe is idle');

    // A second launch focuses the existing window instead of opening another.
    mock.app.emit('second-instance');
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(FakeBrowserWindow.created[0]!.show).toHaveBeenCalled();
  });

  it('keeps running in the tray when the window is closed', async () => {
    const mock = await launch(true);
    FakeBrowserWindow.created[0]!.destroy();
    mock.app.emit('window-all-closed');
    expect(mock.app.quit).not.toHaveBeenCalled();
    mock.app.emit('activate');
    expect(FakeBrowserWindow.created).toHaveLength(2);
  });

  it('shuts down in order: stop IPC, close windows, remove the tray, then exit', async () => {
    const mock = await launch(true);
    const preventDefault = vi.fn();
    mock.app.emit('before-quit', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    await flush();
    expect(mock.ipcMain.handlers.size).toBe(0);
    expect(FakeBrowserWindow.created.every((w) => w.destroyed)).toBe(true);
    const tray = (mock.Tray as unknown as { instances: Array<{ destroyed: boolean }> }).instances.at(-1)!;
    expect(tray.destroyed).toBe(true);
    expect(mock.app.exit).toHaveBeenCalledWith(0);
    // The quit that follows the shutdown is let through.
    const again = vi.fn();
    mock.app.emit('before-quit', { preventDefault: again });
    expect(again).not.toHaveBeenCalled();
  });
});
