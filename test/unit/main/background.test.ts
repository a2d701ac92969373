import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as CoreModule from '../../../electron/core/core';
import type { Core } from '../../../electron/core/core';
import type { AppStatus } from '../../../shared/schemas';
import { useTempDirs } from '../../helpers/temp-dir';
import { flush, launchApp, type ElectronMock } from './launch-app';

vi.mock('electron', async () => {
  const { createElectronMock } = await import('./electron-mock');
  return createElectronMock();
});

// main creates its core on start; the test keeps a handle on it to drive events and spy on it.
const captured = vi.hoisted(() => ({ core: undefined as Core | undefined }));
vi.mock('../../../electron/core/core', async (importOriginal) => {
  const real = await importOriginal<typeof CoreModule>();
  return { ...real, createCore: (options: Parameters<typeof real.createCore>[0]) => (captured.core = real.createCore(options)) };
});

const tempDir = useTempDirs();
let launched: ElectronMock | undefined;

async function launch(before?: (mock: ElectronMock) => void): Promise<{ mock: ElectronMock; core: Core }> {
  captured.core = undefined;
  launched = await launchApp(vi, tempDir(), { before });
  return { mock: launched, core: captured.core! };
}

const status = (runningSyncs: number): AppStatus => ({ runningSyncs, line: runningSyncs ? `${runningSyncs} syncs running` : 'Floe is idle' });

describe('Floe in the background (desktop)', () => {
  const savedHome = process.env.FLOE_HOME;
  beforeEach(() => vi.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(async () => {
    launched?.app.emit('before-quit', { preventDefault: () => undefined });
    launched = undefined;
    await flush();
    process.env.FLOE_HOME = savedHome;
    vi.restoreAllMocks();
  });

  it('looks for due runs when the machine wakes and when the screen is unlocked, and logs sleep', async () => {
    const { mock, core } = await launch();
    const scan = vi.spyOn(core.scheduler, 'scan');
    mock.powerMonitor.emit('suspend');
    mock.powerMonitor.emit('resume');
    mock.powerMonitor.emit('unlock-screen');
    expect(scan.mock.calls).toEqual([['resume'], ['unlock-screen']]);
    await flush();
    const log = fs.readFileSync(core.paths.logFile, 'utf8');
    expect(log).toContain('"event":"power.suspend"');
    expect(log).toContain('"event":"scheduler.scanned","reason":"resume"');
    expect(log).toContain('"event":"scheduler.scanned","reason":"unlock-screen"');
  });

  it('holds off system sleep exactly while at least one run is active, with one blocker at most', async () => {
    const { mock, core } = await launch();
    const blocker = mock.powerSaveBlocker;
    expect(blocker.start).not.toHaveBeenCalled();

    core.events.emit('app.status', status(1));
    expect(blocker.start).toHaveBeenCalledTimes(1);
    expect(blocker.start).toHaveBeenCalledWith('prevent-app-suspension');
    core.events.emit('app.status', status(2));
    expect(blocker.start).toHaveBeenCalledTimes(1);
    expect(blocker.active.size).toBe(1);

    core.events.emit('app.status', status(0));
    expect(blocker.stop).toHaveBeenCalledTimes(1);
    expect(blocker.active.size).toBe(0);
    core.events.emit('app.status', status(0));
    expect(blocker.stop).toHaveBeenCalledTimes(1);

    // A run starting again takes a new blocker; quitting mid-run lets it go.
    core.events.emit('app.status', status(1));
    expect(blocker.active.size).toBe(1);
    mock.app.emit('before-quit', { preventDefault: () => undefined });
    launched = undefined;
    await flush();
    expect(blocker.active.size).toBe(0);
  });

  it('the first close of the window explains once that Floe keeps running in the tray', async () => {
    const { mock, core } = await launch();
    const events: string[] = [];
    core.events.attach((name) => events.push(name));
    const closeWindow = () => {
      const window = mock.BrowserWindow.getAllWindows()[0]!;
      window.emit('close', { preventDefault: () => undefined });
      window.destroy();
    };

    closeWindow();
    expect(mock.Notification.instances.map((n) => n.options)).toEqual([
      { title: 'Floe is still running', body: 'Floe keeps running in the tray so scheduled syncs run; quit from the tray menu.' },
    ]);
    expect(core.store.preferences.get().trayExplained).toBe(true);
    expect(events).toContain('preferences.changed');

    mock.app.emit('activate');
    closeWindow();
    expect(mock.Notification.instances).toHaveLength(1);
    expect(mock.app.quit).not.toHaveBeenCalled();
  });

  it('quitting is not closing: no tray explanation, and none remembered where notifications are unsupported', async () => {
    const { mock, core } = await launch((m) => m.Notification.isSupported.mockReturnValue(false));
    mock.BrowserWindow.created[0]!.emit('close', { preventDefault: () => undefined });
    expect(mock.Notification.instances).toHaveLength(0);
    // Nothing was said, so it is still to be said where notifications work.
    expect(core.store.preferences.get().trayExplained).toBe(false);

    mock.Notification.isSupported.mockReturnValue(true);
    mock.app.emit('before-quit', { preventDefault: () => undefined });
    launched = undefined;
    await flush();
    expect(mock.BrowserWindow.created[0]!.destroyed).toBe(true);
    expect(mock.Notification.instances).toHaveLength(0);
  });

  it('a core notification shows natively; clicking it shows the window at its run', async () => {
    const { mock, core } = await launch();
    const navigations: unknown[] = [];
    core.events.attach((name, payload) => name === 'app.navigate' && navigations.push(payload));
    const runId = randomUUID();
    const notification = { id: 1, at: new Date().toISOString(), kind: 'failed' as const, syncId: randomUUID(), runId, title: 'Orders failed', body: 'The warehouse is suspended. Resume it.', read: false };

    core.events.emit('notifications.new', notification);
    expect(mock.Notification.instances).toHaveLength(1);
    const shown = mock.Notification.instances[0]!;
    expect(shown.options).toEqual({ title: 'Orders failed', body: 'The warehouse is suspended. Resume it.' });
    expect(shown.shown).toBe(true);

    const window = mock.BrowserWindow.created[0]!;
    window.show.mockClear();
    shown.emit('click');
    expect(window.show).toHaveBeenCalled();
    expect(navigations).toEqual([{ route: `#/runs/${runId}` }]);
    // The window's page hears it (forwarded like every push event).
    expect(window.webContents.sent.at(-1)).toEqual(['floe:event', 'app.navigate', { route: `#/runs/${runId}` }]);

    // With the window closed, the click opens a new one at the run.
    window.destroy();
    core.events.emit('notifications.new', { ...notification, id: 2 });
    mock.Notification.instances[1]!.emit('click');
    expect(mock.BrowserWindow.created).toHaveLength(2);
    expect(mock.BrowserWindow.created[1]!.loaded).toMatch(new RegExp(`#/runs/${runId}$`));

    // A notification without a run just shows the window; none is shown where the OS has none.
    core.events.emit('notifications.new', { ...notification, id: 3, runId: null });
    mock.Notification.instances[2]!.emit('click');
    expect(navigations).toHaveLength(2);
    mock.Notification.isSupported.mockReturnValue(false);
    core.events.emit('notifications.new', { ...notification, id: 4 });
    expect(mock.Notification.instances).toHaveLength(3);
  });
});
