// Facts about a URL read from its text: shared code runs in builds without the URL class.

/**
 * Pure: a URL's scheme, host and port, lower case, without user-info or a default port
 * (`https://Hooks.example.com:443/in` → `https://hooks.example.com`): what a secret is given for.
 * Read by its text, as shared code has no URL class in every build.
 */
export function originOf(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(url.trim());
  if (!m) return url.trim();
  const scheme = m[1]!.toLowerCase();
  const host = m[2]!.replace(/^.*@/, '').toLowerCase();
  const defaultPort = scheme === 'https' ? ':443' : scheme === 'http' ? ':80' : null;
  return `${scheme}://${defaultPort && host.endsWith(defaultPort) ? host.slice(0, -defaultPort.length) : host}`;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

/**
 * Pure: whether a URL is plain http to another computer, where a password or token would travel
 * unencrypted. https is fine anywhere; http only to this computer (127.x, localhost, [::1]).
 */
export function plainHttpElsewhere(url: string): boolean {
  const origin = originOf(url);
  if (!origin.startsWith('http://')) return false;
  const host = origin.slice('http://'.length);
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
  return !LOOPBACK.test(hostname);
}
