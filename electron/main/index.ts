import path from 'node:path';
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { createCore, type Core } from '../core/core';
import { isFloeError } from '../core/errors';
import { appEntry, type AppEntry } from './app-entry';
import { openDataFolderHandler } from './data-folder';
import { forwardEvents, registerIpc } from './ipc';
import { keepAwakeWhileRunning } from './keep-awake';
import { applyLoginItem, openedAtLogin } from './login-item';
import { installMenu } from './menu';
import { notify, showCoreNotifications } from './notifications';
import { hardenSession, hardenWebContents } from './security';
import { createTray } from './tray';
import { explainTrayOnce } from './tray-explainer';
import { trayView } from './tray-menu';
import { scanOnWake } from './wake';
import { createMainWindow } from './window';

const entry: AppEntry = appEntry(app.isPackaged, process.env.ELECTRON_RENDERER_URL, path.join(__dirname, '../renderer/index.html'));
const preload = path.join(__dirname, '../preload/index.js');
const resources = app.isPackaged ? process.resourcesPath : path.join(__dirname, '../../build');

let core: Core | undefined;
let window: BrowserWindow | undefined;
let tray: ReturnType<typeof createTray> | undefined;
let quitting = false;
const cleanups: Array<() => void> = [];

/** Shows the window (opening one if it was closed), at `route` when given. */
function showWindow(route?: string): void {
  if (!core) return;
  if (!window || window.isDestroyed()) {
    window = createMainWindow({ preload, entry, icon: path.join(resources, 'icons', 'icon.png'), route });
    const stopForwarding = forwardEvents(core.events, window.webContents);
    window.on('closed', stopForwarding);
    // 'close' is a person closing the window; quitting destroys windows without it.
    window.on('close', () => {
      if (!quitting && core) explainTrayOnce(core.store.preferences, core.events);
    });
  }
  // A window already showing a page moves to it; a new one was opened at it and ignores this.
  if (route) core.events.emit('app.navigate', { route });
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** "Run now" from the tray: the window may be closed, so a refusal is said natively. */
function runNow(syncId: string, name: string): void {
  if (!core) return;
  const { engine, log } = core;
  engine.start(syncId, 'manual').catch((error: unknown) => {
    const message = isFloeError(error) ? `${error.message} ${error.remedy}` : (error as Error).message;
    log.warn('tray.run_now_refused', { syncId, code: isFloeError(error) ? error.code : 'internal' });
    notify({ title: `Could not run ${name}`, body: message });
  });
}

/** The desktop-only parts around core: wake-ups, sleep, the tray, notifications, login start. */
function startBackground(core: Core): void {
  cleanups.push(scanOnWake((reason) => core.scheduler.scan(reason), core.log));
  cleanups.push(keepAwakeWhileRunning(core.events, core.engine.status(), core.log));
  cleanups.push(showCoreNotifications(core.events, showWindow));
  tray = createTray(path.join(resources, 'icons', 'tray.png'), () => trayView(core), {
    show: () => showWindow(),
    quit: () => app.quit(),
    runNow,
  });
  let startAtLogin = core.store.preferences.get().startAtLogin;
  applyLoginItem(app, startAtLogin, core.log);
  cleanups.push(
    core.events.attach((name, payload) => {
      if (name === 'app.status' || name === 'syncs.changed' || name === 'runs.changed') tray?.refresh();
      if (name === 'preferences.changed') {
        const wanted = (payload as { startAtLogin: boolean }).startAtLogin;
        if (wanted !== startAtLogin) applyLoginItem(app, (startAtLogin = wanted), core.log);
      }
    }),
  );
}

async function start(): Promise<void> {
  core = createCore({
    home: process.env.FLOE_HOME ? path.resolve(process.env.FLOE_HOME) : app.getPath('userData'),
    mode: 'desktop',
    // npm start builds better-sqlite3 for Electron's ABI beside the Node build (see build/start-electron.mjs).
    nativeBinding: process.env.FLOE_SQLITE_BINDING,
  });
  hardenSession(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, entry));
  const handlers = { ...core.handlers, 'app.openDataFolder': openDataFolderHandler(shell, core.paths.home) };
  cleanups.push(registerIpc(ipcMain, handlers, entry, core.log));
  installMenu({ platform: process.platform, dataDir: core.paths.home, devTools: !app.isPackaged });
  startBackground(core);
  core.scheduler.start();
  if (!openedAtLogin(app, process.argv, process.platform)) showWindow();
}

/** Stop taking work, close windows, release the tray, then close the store last. */
async function shutdown(): Promise<void> {
  cleanups.splice(0).forEach((cleanup) => cleanup());
  for (const w of BrowserWindow.getAllWindows()) w.destroy();
  tray?.destroy();
  await core?.close();
  core = undefined;
}

if (!app.requestSingleInstanceLock()) {
  // Two Floes on one data folder would run the same schedules twice.
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  // Closing the window leaves Floe in the tray: schedules keep running until Quit.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void shutdown().finally(() => app.exit(0));
  });
  app.whenReady().then(start).catch((error: unknown) => {
    console.error(error);
    app.exit(1);
  });
}
