import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the parts of the `electron` module Floe's main process uses. The Electron
 * binary can't run on CI, so main's wiring is checked against this; everything it calls into
 * (core) is real.
 */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  sent: unknown[][] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  isDestroyed() {
    return false;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  static getAllWindows = () => FakeBrowserWindow.created.filter((w) => !w.destroyed);
  webContents = new FakeWebContents();
  loaded: string | undefined;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadFile(file: string, options?: { hash?: string }) {
    this.loaded = 'file:' + file + (options?.hash ? '#' + options.hash : '');
    return Promise.resolve();
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = () => false;
  isDestroyed = () => this.destroyed;
  destroy() {
    this.destroyed = true;
    this.emit('closed');
  }
}

/** A menu item as Floe builds it: enough to find one by label and click it. */
export interface FakeMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: FakeMenuItem[];
}

/** A native notification: recorded when made, clicked by emitting 'click'. */
export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static isSupported = vi.fn(() => true);
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
    FakeNotification.instances.push(this);
  }
  show() {
    this.shown = true;
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  tooltip = '';
  menu: { template: FakeMenuItem[] } | undefined;
  destroyed = false;
  constructor() {
    super();
    FakeTray.instances.push(this);
  }
  setToolTip(t: string) {
    this.tooltip = t;
  }
  setContextMenu(m: { template: FakeMenuItem[] }) {
    this.menu = m;
  }
  destroy() {
    this.destroyed = true;
  }
}

export function createElectronMock() {
  let nextBlocker = 1;
  const blockers = new Set<number>();

  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: vi.fn(() => '/unused'),
    whenReady: vi.fn(() => Promise.resolve()),
    setLoginItemSettings: vi.fn(),
    getLoginItemSettings: vi.fn(() => ({ openAtLogin: false, wasOpenedAtLogin: false })),
  });
  const session = {
    permissionRequestHandler: undefined as undefined | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
    permissionCheckHandler: undefined as undefined | (() => boolean),
    headersHandler: undefined as undefined | ((d: unknown, cb: (r: unknown) => void) => void),
    setPermissionRequestHandler(h: never) {
      this.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h: never) {
      this.permissionCheckHandler = h;
    },
    webRequest: {
      onHeadersReceived: (h: never) => {
        session.headersHandler = h;
      },
    },
  };
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handlers,
      handle: vi.fn((channel: string, fn: (...args: unknown[]) => unknown) => handlers.set(channel, fn)),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    session: { defaultSession: session },
    shell: { openExternal: vi.fn(() => Promise.resolve()), openPath: vi.fn(() => Promise.resolve('')) },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })), setApplicationMenu: vi.fn() },
    Tray: FakeTray,
    Notification: FakeNotification,
    powerMonitor: new EventEmitter(),
    powerSaveBlocker: {
      /** The ids started and not yet stopped. */
      active: blockers,
      start: vi.fn(() => {
        blockers.add(nextBlocker);
        return nextBlocker++;
      }),
      stop: vi.fn((id: number) => void blockers.delete(id)),
      isStarted: vi.fn((id: number) => blockers.has(id)),
    },
    nativeImage: { createFromPath: vi.fn(() => ({})) },
  };
}

/**
 * vi.resetModules reloads main but keeps the mocked `electron` module: each launch of main
 * starts it from nothing again (no windows, trays, notifications, listeners or calls).
 */
export function resetElectronMock(mock: ReturnType<typeof createElectronMock>): void {
  mock.BrowserWindow.created.length = 0;
  mock.Tray.instances.length = 0;
  mock.Notification.instances.length = 0;
  mock.Notification.isSupported.mockReset().mockReturnValue(true);
  mock.app.removeAllListeners();
  mock.app.isPackaged = false;
  for (const fn of [mock.app.quit, mock.app.exit, mock.app.whenReady, mock.app.setLoginItemSettings, mock.Menu.setApplicationMenu]) fn.mockClear();
  mock.powerMonitor.removeAllListeners();
  mock.powerSaveBlocker.active.clear();
  for (const fn of [mock.powerSaveBlocker.start, mock.powerSaveBlocker.stop, mock.powerSaveBlocker.isStarted]) fn.mockClear();
}
