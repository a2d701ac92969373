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
