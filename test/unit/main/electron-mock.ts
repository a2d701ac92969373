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
  loadFile(file: string) {
    this.loaded = 'file:' + file;
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

export function createElectronMock() {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: vi.fn(() => '/unused'),
    whenReady: vi.fn(() => Promise.resolve()),
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
    Tray: class FakeTray {
      static instances: FakeTray[] = [];
      tooltip = '';
      menu: unknown;
      destroyed = false;
      constructor() {
        FakeTray.instances.push(this);
      }
      setToolTip(t: string) {
        this.tooltip = t;
      }
      setContextMenu(m: unknown) {
        this.menu = m;
      }
      on() {}
      destroy() {
        this.destroyed = true;
      }
    },
    nativeImage: { createFromPath: vi.fn(() => ({})) },
  };
}
