import { BrowserWindow } from 'electron';
import type { AppEntry } from './app-entry';
import { hardenWebContents } from './security';

/** `route` (a hash such as `#/runs/<id>`) opens the window at that page: a new page would miss an `app.navigate` sent while it loads. */
export function createMainWindow(options: { preload: string; entry: AppEntry; icon?: string; route?: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    title: 'Floe',
    show: false,
    icon: options.icon,
    backgroundColor: '#f7f9fb',
    // The renderer gets no Node, no Electron, and only the `window.floe` bridge from the preload.
    // Written out here, in the constructor call, so a reviewer (and Electronegativity) sees them.
    webPreferences: {
      preload: options.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click must not open a link in a new window: Floe opens none.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenWebContents(window.webContents, options.entry);
  window.once('ready-to-show', () => window.show());
  const hash = options.route?.replace(/^#/, '');
  if (options.entry.kind === 'url') void window.loadURL(hash ? `${options.entry.url.split('#')[0]}#${hash}` : options.entry.url);
  else void window.loadFile(options.entry.file, hash ? { hash } : undefined);
  return window;
}
