import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../../helpers/temp-dir';
import { flush, launchApp, type ElectronMock } from './launch-app';

// Issue 15 §1.3: a packaged app must load only its own renderer. ELECTRON_RENDERER_URL (the
// dev server, while developing) would otherwise point it at any page, which would then be the
// trusted IPC sender with the user's warehouse keys one call away.
const electron = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock('electron', async () => {
  const { createElectronMock } = await import('./electron-mock');
  electron.current = createElectronMock();
  return electron.current;
});

const tempDir = useTempDirs();
let launched: ElectronMock | undefined;
const savedUrl = process.env.ELECTRON_RENDERER_URL;

afterEach(async () => {
  launched?.app.emit('before-quit', { preventDefault: () => undefined });
  launched = undefined;
  await flush();
  delete (process as { resourcesPath?: string }).resourcesPath;
  if (savedUrl === undefined) delete process.env.ELECTRON_RENDERER_URL;
  else process.env.ELECTRON_RENDERER_URL = savedUrl;
  vi.restoreAllMocks();
});

async function windowLoaded(packaged: boolean, url: string): Promise<string | undefined> {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  process.env.ELECTRON_RENDERER_URL = url;
  // Electron sets it in a packaged app (icons are read from there).
  (process as { resourcesPath?: string }).resourcesPath = tempDir();
  launched = await launchApp(vi, tempDir(), { before: (mock) => void (mock.app.isPackaged = packaged) });
  return launched.BrowserWindow.created.at(-1)?.loaded;
}

describe('where the window loads from', () => {
  it('a packaged app ignores ELECTRON_RENDERER_URL and loads its built renderer', async () => {
    const loaded = await windowLoaded(true, 'https://evil.example/');
    expect(loaded).toMatch(/^file:.*renderer[\\/]index\.html/);
  });

  it('while developing, only a dev server on this computer is taken', async () => {
    expect(await windowLoaded(false, 'http://localhost:5173')).toBe('http://localhost:5173');
  });

  it('while developing, a page elsewhere is not taken either', async () => {
    expect(await windowLoaded(false, 'https://evil.example/')).toMatch(/^file:/);
  });
});
