/**
 * Where the renderer comes from: the built index.html in production, electron-vite's dev server
 * while developing. Navigation and IPC trust are both decided against this and nothing else.
 */
export type AppEntry = { kind: 'file'; file: string } | { kind: 'url'; url: string };

/** electron-vite's dev server runs on this computer; nothing else is ever the app. */
const DEV_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Pure: where the renderer comes from. A packaged app loads only its built index.html, whatever
 * the environment says: ELECTRON_RENDERER_URL would otherwise point it at any page, which would
 * then be trusted as the app's IPC sender. While developing, the dev server's URL is taken when it
 * is on this computer.
 */
export function appEntry(packaged: boolean, rendererUrl: string | undefined, builtFile: string): AppEntry {
  if (!packaged && rendererUrl) {
    try {
      const url = new URL(rendererUrl);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && DEV_HOSTS.has(url.hostname)) return { kind: 'url', url: rendererUrl };
    } catch {
      // Not a URL: the built file.
    }
  }
  return { kind: 'file', file: builtFile };
}

export function isAppUrl(candidate: string, entry: AppEntry): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (entry.kind === 'url') return url.origin === new URL(entry.url).origin;
  if (url.protocol !== 'file:') return false;
  const expected = new URL('file://' + (entry.file.startsWith('/') ? '' : '/') + entry.file.replace(/\\/g, '/'));
  return decodeURIComponent(url.pathname) === decodeURIComponent(expected.pathname);
}
