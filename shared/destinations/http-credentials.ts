import { SECRET_MASK } from '../schemas/secret';

// Credentials an HTTP destination's plain settings must not hold: a header that carries one, or
// a URL with user-info or a key in its query. They are refused when a destination is saved and
// masked wherever one saved before these checks is shown. Read by text, as shared code has no
// URL class in every build.

/** Header names that carry credentials: Authorization, Cookie, X-Api-Key, X-Auth-Token, Ocp-Apim-Subscription-Key… */
const CREDENTIAL_HEADER = /token|secret|passw|api[-_]?key|auth|signature|session|cookie|credential|(^|[-_.])key$/i;
/** Query parameters that carry credentials by their whole name… */
const CREDENTIAL_PARAM_NAME = /^(key|sig|auth|authorization|pass|pwd)$/i;
/** …or by a part of it: access_token, client_secret, X-Amz-Signature, private_key. */
const CREDENTIAL_PARAM_PART = /token|secret|passw|api[-_]?key|signature|credential|session|[-_.]key$/i;

/** Pure: whether a header of this name carries a credential, so its value belongs in the keychain. */
export const credentialHeader = (name: string): boolean => CREDENTIAL_HEADER.test(name);

/** Pure: whether a URL query parameter of this name carries a credential. */
export const credentialParam = (name: string): boolean => CREDENTIAL_PARAM_NAME.test(name) || CREDENTIAL_PARAM_PART.test(name);

/** Why a plain header of this name is refused. */
export const credentialHeaderProblem = (name: string): string => `“${name}” is a credential: add it as a secret header (kept in the keychain) instead.`;

/** A URL in its parts: `scheme://`, user-info (without its @), host and the rest of the path, query (without ?), fragment (with #). */
interface UrlParts {
  scheme: string;
  userInfo: string | null;
  host: string;
  path: string;
  query: string | null;
  fragment: string;
}

function urlParts(url: string): UrlParts | null {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(?:\?([^#]*))?(#.*)?$/is.exec(url);
  if (!m) return null;
  const authority = m[2]!;
  const at = authority.lastIndexOf('@');
  return {
    scheme: m[1]!,
    userInfo: at < 0 ? null : authority.slice(0, at),
    host: at < 0 ? authority : authority.slice(at + 1),
    path: m[3]!,
    query: m[4] ?? null,
    fragment: m[5] ?? '',
  };
}

/** A query parameter's name as the endpoint reads it (`api%5Fkey` is `api_key`). */
function paramName(pair: string): string {
  const raw = pair.split('=', 1)[0]!.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Pure: why a URL may not be saved as a plain setting, or null: a user name or password in it
 * (`user:pass@`, `token@`), or a query parameter that is a credential (`?api_key=`).
 */
export function urlCredentialProblem(url: string): string | null {
  const parts = urlParts(url.trim());
  if (!parts) return null;
  if (parts.userInfo !== null) {
    return 'The URL holds a user name or password (user:password@): take it out, and choose Authentication (Basic or Bearer) instead, whose secret is kept in the keychain.';
  }
  const name = (parts.query ?? '').split('&').map(paramName).find(credentialParam);
  if (name !== undefined) {
    return `The URL’s “${name}” parameter is a credential: take it out of the URL, and send it as a secret header or through Authentication (Bearer or Basic), both kept in the keychain.`;
  }
  return null;
}

/** Pure: the URL with its user-info and the values of its credential parameters masked, for showing. */
export function maskedUrl(url: string): string {
  const parts = urlParts(url);
  if (!parts) return url;
  const query =
    parts.query === null
      ? ''
      : `?${parts.query
          .split('&')
          .map((pair) => (credentialParam(paramName(pair)) ? `${pair.split('=', 1)[0]}=${SECRET_MASK}` : pair))
          .join('&')}`;
  return `${parts.scheme}${parts.userInfo === null ? '' : `${SECRET_MASK}@`}${parts.host}${parts.path}${query}${parts.fragment}`;
}

/** Pure: the headers with the values of those that carry credentials masked, for showing. */
export function maskedHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, credentialHeader(name) ? SECRET_MASK : value]));
}
