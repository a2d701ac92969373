import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as CoreModule from '../../../electron/core/core';
import type { Core } from '../../../electron/core/core';
import { autostartEntry, autostartFile } from '../../../electron/main/login-item';
import { dispatch } from '../../../electron/core/ipc/dispatch';
import type { AppStatus } from '../../../shared/schemas';
import { connectionDraft, destinationDraft, syncDraft } from '../../helpers/fixtures';
import { useTempDirs } from '../../helpers/temp-dir';
import type { FakeMenuItem } from './electron-mock';
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

function trayMenu(mock: ElectronMock): FakeMenuItem[] {
  return mock.Tray.instances.at(-1)!.menu!.template;
}

function item(items: FakeMenuItem[], label: string): FakeMenuItem {
  const found = items.find((i) => i.label === label);
  if (!found) throw new Error(`No menu item "${label}" in ${JSON.stringify(items.map((i) => i.label))}`);
  return found;
}

/** A sync with an hourly schedule, its next run planned by the scheduler. */
async function addSync(core: Core, name: string): Promise<string> {
  const connection = core.store.connections.create(connectionDraft());
  const destination = core.store.destinations.create(destinationDraft({ name: `${name} hook` }));
  const sync = core.store.syncs.create(syncDraft(connection.id, destination.id, { name }));
  await core.scheduler.scan('test');
  return sync.id;
}

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

  it('the tray says what runs now and what runs next, and refreshes on status, sync and run changes', async () => {
    const { mock, core } = await launch();
    expect(trayMenu(mock).map((i) => i.label)).toEqual(['Floe is idle', 'Nothing scheduled', undefined, 'Run now', undefined, 'Open Floe', 'Quit Floe']);
    expect(item(trayMenu(mock), 'Run now').submenu).toEqual([{ label: 'No syncs yet', enabled: false }]);

    const id = await addSync(core, 'Orders to Amplitude');
    const next = core.scheduler.upcoming(1)[0]!;
    await vi.waitFor(() => expect(item(trayMenu(mock), `Next: Orders to Amplitude — ${next.text}`).enabled).toBe(false));

    vi.spyOn(core.engine, 'runningSyncIds').mockReturnValue([id]);
    vi.spyOn(core.engine, 'status').mockReturnValue(status(1));
    core.events.emit('app.status', status(1));
    await vi.waitFor(() => expect(trayMenu(mock)[0]!.label).toBe('1 syncs running'));
    expect(item(trayMenu(mock), 'Running: Orders to Amplitude').enabled).toBe(false);
    expect(mock.Tray.instances.at(-1)!.tooltip).toBe('Floe — 1 syncs running');
    // A sync already running here cannot be started again from the tray.
    expect(item(trayMenu(mock), 'Run now').submenu).toMatchObject([{ label: 'Orders to Amplitude', enabled: false }]);

    vi.mocked(core.engine.runningSyncIds).mockReturnValue([]);
    vi.mocked(core.engine.status).mockReturnValue(status(0));
    core.events.emit('runs.changed', { runId: randomUUID(), syncId: id, status: 'succeeded' });
    await vi.waitFor(() => expect(trayMenu(mock)[0]!.label).toBe('Floe is idle'));
  });

  it('"Run now" in the tray starts a manual run, and says natively why when core refuses', async () => {
    const { mock, core } = await launch();
    const id = await addSync(core, 'Orders to Amplitude');
    await vi.waitFor(() => expect(item(trayMenu(mock), 'Run now').submenu).toMatchObject([{ label: 'Orders to Amplitude', enabled: true }]));
    const start = vi.spyOn(core.engine, 'start').mockResolvedValueOnce({} as Awaited<ReturnType<Core['engine']['start']>>);

    item(item(trayMenu(mock), 'Run now').submenu!, 'Orders to Amplitude').click!();
    expect(start).toHaveBeenCalledWith(id, 'manual');
    await flush();
    expect(mock.Notification.instances).toHaveLength(0);

    // Another Floe on the same data folder holds the run lease: core refuses, and the tray says so.
    // The FloeError class of the main just loaded (resetModules gave it its own module copy).
    const { FloeError } = await import('../../../electron/core/errors');
    start.mockRejectedValueOnce(new FloeError('already_running', '"Orders to Amplitude" is already running.', 'Wait for the current run to finish, or cancel it, then run the sync again.'));
    item(item(trayMenu(mock), 'Run now').submenu!, 'Orders to Amplitude').click!();
    await flush();
    expect(mock.Notification.instances).toHaveLength(1);
    expect(mock.Notification.instances[0]!.options).toEqual({
      title: 'Could not run Orders to Amplitude',
      body: '"Orders to Amplitude" is already running. Wait for the current run to finish, or cancel it, then run the sync again.',
    });
    expect(mock.Notification.instances[0]!.shown).toBe(true);
  });

  it('"Open Floe" in the tray shows the window (opening a new one if closed), "Quit Floe" quits', async () => {
    const { mock } = await launch();
    const first = mock.BrowserWindow.created[0]!;
    first.show.mockClear();
    item(trayMenu(mock), 'Open Floe').click!();
    expect(first.show).toHaveBeenCalled();

    first.destroy();
    item(trayMenu(mock), 'Open Floe').click!();
    expect(mock.BrowserWindow.created).toHaveLength(2);

    item(trayMenu(mock), 'Quit Floe').click!();
    expect(mock.app.quit).toHaveBeenCalled();
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

  it('start at login follows the preference in a packaged Floe, and is left alone unpackaged', async () => {
    const savedXdg = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = tempDir();
    const entry = autostartFile(process.env);
    // macOS and Windows: Electron's login item; Linux (this machine, CI): an XDG autostart entry.
    const loginItem = (mock: ElectronMock) =>
      process.platform === 'linux' ? (fs.existsSync(entry) ? fs.readFileSync(entry, 'utf8') : null) : mock.app.setLoginItemSettings.mock.calls.at(-1)?.[0];
    const { mock: dev, core: devCore } = await launch();
    await dispatch(devCore.handlers, 'preferences.set', { startAtLogin: true }, devCore.log);
    expect(dev.app.setLoginItemSettings).not.toHaveBeenCalled();
    expect(fs.existsSync(entry)).toBe(false);
    dev.app.emit('before-quit', { preventDefault: () => undefined });
    await flush();

    // A packaged Floe finds its icons under process.resourcesPath, which only Electron sets.
    const savedResources = process.resourcesPath;
    Object.assign(process, { resourcesPath: tempDir() });
    try {
      const { mock, core } = await launch((m) => Object.assign(m.app, { isPackaged: true }));
      await dispatch(core.handlers, 'preferences.set', { startAtLogin: true }, core.log);
      const on = loginItem(mock);
      if (process.platform === 'linux') expect(on).toMatch(/^\[Desktop Entry\]\n[\s\S]*\nExec=".*" --hidden\n/);
      else expect(on).toEqual({ openAtLogin: true, args: ['--hidden'] });
      // Other preferences changing leave the login item as it is.
      await dispatch(core.handlers, 'preferences.set', { notifyOnRecovery: false }, core.log);
      expect(loginItem(mock)).toEqual(on);
      await dispatch(core.handlers, 'preferences.set', { startAtLogin: false }, core.log);
      if (process.platform === 'linux') expect(fs.existsSync(entry)).toBe(false);
      else expect(loginItem(mock)).toEqual({ openAtLogin: false, args: ['--hidden'] });
    } finally {
      Object.assign(process, { resourcesPath: savedResources });
      if (savedXdg === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = savedXdg;
    }
  });

  it('the Linux autostart entry quotes the executable as the desktop entry spec asks', () => {
    expect(autostartEntry('/opt/Floe "beta"/floe')).toContain('Exec="/opt/Floe \\"beta\\"/floe" --hidden\n');
  });

  it('started by the OS at login, Floe stays in the tray without opening its window', async () => {
    process.argv.push('--hidden');
    try {
      const { mock } = await launch();
      expect(mock.BrowserWindow.created).toHaveLength(0);
      expect(mock.Tray.instances).toHaveLength(1);
      item(trayMenu(mock), 'Open Floe').click!();
      expect(mock.BrowserWindow.created).toHaveLength(1);
    } finally {
      process.argv.splice(process.argv.indexOf('--hidden'), 1);
    }
  });
});
