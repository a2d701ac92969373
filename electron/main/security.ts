import { shell, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../core/csp';
import { isAppUrl, type AppEntry } from './app-entry';

/** Sites Floe links to (documentation, the vendors' consoles). Anything else stays closed. */
const EXTERNAL_HOSTS = [
  'snowflake.com',
  'snowflakecomputing.com',
  'amplitude.com',
  'customer.io',
  'clevertap.com',
  'cluedin.com',
  'github.com',
];

export function isAllowedExternalUrl(candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return EXTERNAL_HOSTS.some((allowed) => host === allowed || host.endsWith('.' + allowed));
}

/** Every web contents: no navigation away from the app, no new windows, no webviews. */
export function hardenWebContents(contents: WebContents, entry: AppEntry): void {
  const blockForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, entry)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside Floe.
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** The session: no permissions for anything (camera, notifications prompts, …), CSP on every response. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}
