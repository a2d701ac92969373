import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type createElectronMock, FakeBrowserWindow, type FakeWebContents } from './electron-mock';

const electron = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock('electron', async () => {
  const { createElectronMock } = await import('./electron-mock');
  electron.current = createElectronMock();
  return electron.current;
});

const { createMainWindow } = await import('../../../electron/main/window');
const { hardenSession, isAllowedExternalUrl } = await import('../../../electron/main/security');
const mock = electron.current as ReturnType<typeof createElectronMock>;

const entry = { kind: 'file' as const, file: '/opt/Floe/resources/app.asar/out/renderer/index.html' };

describe('the main window', () => {
  beforeEach(() => {
    FakeBrowserWindow.created.length = 0;
    mock.shell.openExternal.mockClear();
  });

  it('is sandboxed, isolated and has no Node integration', () => {
    createMainWindow({ preload: '/p/index.js', entry });
    const prefs = FakeBrowserWindow.created[0]!.options.webPreferences;
    expect(prefs).toEqual({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/p/index.js',
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('loads the built renderer file, or the dev server URL when given one', () => {
    createMainWindow({ preload: '/p', entry });
    createMainWindow({ preload: '/p', entry: { kind: 'url', url: 'http://localhost:5173' } });
    expect(FakeBrowserWindow.created.map((w) => w.loaded)).toEqual(['file:' + entry.file, 'http://localhost:5173']);
  });

  it('opens at a page when given a route (a clicked notification opens its run)', () => {
    createMainWindow({ preload: '/p', entry, route: '#/runs/abc' });
    createMainWindow({ preload: '/p', entry: { kind: 'url', url: 'http://localhost:5173/#/syncs' }, route: '#/runs/abc' });
    expect(FakeBrowserWindow.created.map((w) => w.loaded)).toEqual(['file:' + entry.file + '#/runs/abc', 'http://localhost:5173/#/runs/abc']);
  });

  describe('navigation guards', () => {
    const contents = (): FakeWebContents => {
      createMainWindow({ preload: '/p', entry });
      return FakeBrowserWindow.created.at(-1)!.webContents;
    };
    const navigate = (wc: FakeWebContents, event: string, url: string) => {
      const preventDefault = vi.fn();
      wc.emit(event, { preventDefault }, url);
      return preventDefault.mock.calls.length > 0;
    };

    it.each([
      ['https://evil.example/', true],
      ['http://127.0.0.1:8080/', true],
      ['file:///etc/passwd', true],
      ['file:///opt/Floe/resources/app.asar/out/renderer/other.html', true],
      ['file:///opt/Floe/resources/app.asar/out/renderer/index.html#/runs', false],
    ])('will-navigate to %s blocked: %s', (url, blocked) => {
      const wc = contents();
      expect(navigate(wc, 'will-navigate', url)).toBe(blocked);
      expect(navigate(wc, 'will-redirect', url)).toBe(blocked);
    });

    it('never attaches a webview', () => {
      const wc = contents();
      const preventDefault = vi.fn();
      wc.emit('will-attach-webview', { preventDefault });
      expect(preventDefault).toHaveBeenCalled();
    });

    it('denies every new window, opening only allowed https links in the browser', () => {
      const wc = contents();
      expect(wc.windowOpenHandler!({ url: 'https://docs.snowflake.com/en/user-guide/key-pair-auth' })).toEqual({ action: 'deny' });
      expect(wc.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
      expect(wc.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
      expect(mock.shell.openExternal.mock.calls).toEqual([['https://docs.snowflake.com/en/user-guide/key-pair-auth']]);
    });
  });
});

describe('isAllowedExternalUrl', () => {
  it.each([
    ['https://docs.snowflake.com/x', true],
    ['https://app.snowflake.com/', true],
    ['https://myorg-acct.snowflakecomputing.com', true],
    ['https://www.docs.developers.amplitude.com/', true],
    ['http://docs.snowflake.com/x', false],
    ['https://snowflake.com.evil.example/', false],
    ['https://evilsnowflake.com/', false],
    ['https://user:pw@docs.snowflake.com/', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAllowedExternalUrl(url)).toBe(expected);
  });
});

describe('the session', () => {
  it('grants no permission and puts the CSP on every response', () => {
    hardenSession(mock.session.defaultSession as never);
    const s = mock.session.defaultSession;
    const granted = vi.fn();
    s.permissionRequestHandler!({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(s.permissionCheckHandler!()).toBe(false);
    const reply = vi.fn();
    s.headersHandler!({ responseHeaders: { 'X-A': ['1'] } }, reply);
    const headers = reply.mock.calls[0]![0].responseHeaders;
    expect(headers['X-A']).toEqual(['1']);
    expect(headers['Content-Security-Policy'][0]).toMatch(/default-src 'self'; script-src 'self'/);
  });
});
