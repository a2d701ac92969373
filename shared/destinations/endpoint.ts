import { z } from 'zod';

/**
 * A SaaS destination's endpoint override: another base URL for its API (a proxy, a private
 * region, a local fake); null for the vendor's own host.
 */
export const EndpointOverride = z
  .string()
  .trim()
  .url('Enter the full URL, starting with https://')
  .refine((u) => /^https?:\/\//.test(u), 'Only http:// and https:// URLs are supported.')
  .nullable()
  .default(null);

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
