/**
 * Where the renderer comes from: the built index.html in production, electron-vite's dev server
 * while developing. Navigation and IPC trust are both decided against this and nothing else.
 */
export type AppEntry = { kind: 'file'; file: string } | { kind: 'url'; url: string };

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
