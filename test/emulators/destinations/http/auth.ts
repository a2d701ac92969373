import type { IncomingHttpHeaders } from 'node:http';
import type { HttpFakeAuth } from './types';

/** True when the Authorization header satisfies the configured auth (always true without auth). */
export function checkAuth(authorization: string | undefined, auth: HttpFakeAuth | undefined): boolean {
  if (!auth) return true;
  if (!authorization) return false;
  const space = authorization.indexOf(' ');
  if (space < 0) return false;
  const scheme = authorization.slice(0, space).toLowerCase();
  const credentials = authorization.slice(space + 1).trim();
  if ('bearer' in auth) return scheme === 'bearer' && credentials === auth.bearer;
  if (scheme !== 'basic') return false;
  const expected = `${auth.basic.username}:${auth.basic.password}`;
  return Buffer.from(credentials, 'base64').toString('utf8') === expected;
}

export function authChallenge(auth: HttpFakeAuth): string {
  return 'bearer' in auth ? 'Bearer realm="floe-http-fake"' : 'Basic realm="floe-http-fake"';
}

/** Names of required headers that are missing or carry another value (names compare case-insensitively). */
export function badRequiredHeaders(headers: IncomingHttpHeaders, required: Record<string, string>): string[] {
  return Object.entries(required)
    .filter(([name, value]) => headers[name.toLowerCase()] !== value)
    .map(([name]) => name);
}
