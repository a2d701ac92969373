import { z } from 'zod';
import { RECORDS, type DestinationDescriptor } from './types';

/** The generic HTTP endpoint: any URL that takes batches of JSON records. */
export const HttpSettings = z.object({
  url: z
    .string()
    .url('Enter the full URL, starting with https://')
    .refine((u) => /^https?:\/\//.test(u), 'Only http:// and https:// URLs are supported.'),
  method: z.enum(['POST', 'PUT']).default('POST'),
  format: z.enum(['json', 'ndjson']).default('json'),
  gzip: z.boolean().default(false),
  /** Non-secret headers. Tokens go in the keychain through `auth`. */
  headers: z.record(z.string().min(1), z.string()).default({}),
  auth: z.enum(['none', 'bearer', 'basic']).default('none'),
  basicUsername: z.string().optional(),
  /** Each record carries its idempotency key in this field; the batch's key goes in this header. */
  idField: z.string().min(1).default('_floe_id'),
  idempotencyHeader: z.string().min(1).default('Idempotency-Key'),
  batchSize: z.number().int().min(1).max(10_000).default(500),
  maxBatchBytes: z.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  concurrency: z.number().int().min(1).max(16).default(4),
  timeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
  /** Requests per second across every sync using this destination; null for no limit. */
  ratePerSecond: z.number().positive().max(10_000).nullable().default(null),
  maxAttempts: z.number().int().min(1).max(20).default(9),
});
export type HttpSettings = z.infer<typeof HttpSettings>;

export const http: DestinationDescriptor<HttpSettings> = {
  kind: 'http',
  label: 'HTTP endpoint',
  summary: 'Any URL that accepts batches of JSON records.',
  settings: HttpSettings,
  secretFields: (s) => (s.auth === 'bearer' ? ['token'] : s.auth === 'basic' ? ['basicAuth'] : []),
  target: (s) => `${s.method} ${s.url}`,
  endpoint: (s) => s.url,
  dataTypes: [RECORDS],
};
