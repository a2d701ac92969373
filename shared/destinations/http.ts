import { z } from 'zod';
import { HEADER_NAME, headerSecretField, type SecretField } from '../schemas/secret';
import { credentialHeader, credentialHeaderProblem, maskedHeaders, maskedUrl, urlCredentialProblem } from './http-credentials';
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
  /** Non-secret headers, sent as they are. Credentials go in `secretHeaders` or `auth`. */
  headers: z.record(z.string().min(1), z.string()).default({}),
  /**
   * Headers whose values are secrets (X-Api-Key): their names here, each value in the keychain
   * as the destination's field `header:<name>`, sent with every request and never shown.
   */
  secretHeaders: z
    .array(z.string().regex(HEADER_NAME, 'Enter a header name: letters, digits and - only, e.g. X-Api-Key.'))
    .max(20, 'At most 20 secret headers.')
    .default([]),
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

/** Headers Floe sends itself with every batch: a secret header may not stand in for them. */
const FLOE_HEADERS = ['content-type', 'content-encoding', 'content-length', 'user-agent', 'host'];

/**
 * The settings a destination is saved with: no credential in a plain header or in the URL (they
 * would sit in floe.db and be shown), and secret headers that can be sent as they are. Stricter
 * than HttpSettings, which also reads destinations saved before these checks: those keep
 * running, their credentials masked wherever they are shown.
 */
export const HttpDraftSettings = HttpSettings.superRefine((s, ctx) => {
  const urlProblem = urlCredentialProblem(s.url);
  if (urlProblem) ctx.addIssue({ code: 'custom', path: ['url'], message: urlProblem });
  for (const name of Object.keys(s.headers)) {
    if (credentialHeader(name)) ctx.addIssue({ code: 'custom', path: ['headers', name], message: credentialHeaderProblem(name) });
  }
  const plain = new Set(Object.keys(s.headers).map((h) => h.toLowerCase()));
  const seen = new Set<string>();
  s.secretHeaders.forEach((name, i) => {
    const lower = name.toLowerCase();
    const problem = seen.has(lower)
      ? `“${name}” is listed twice.`
      : plain.has(lower)
        ? `“${name}” is also a plain header: keep it in one place, as a secret header if it is a credential.`
        : lower === 'authorization' && s.auth !== 'none'
          ? 'Authentication already sends Authorization: choose None there, or remove this secret header.'
          : FLOE_HEADERS.includes(lower) || lower === s.idempotencyHeader.toLowerCase()
            ? `Floe sets ${name} itself with every batch: remove this secret header.`
            : null;
    if (problem) ctx.addIssue({ code: 'custom', path: ['secretHeaders', i], message: problem });
    seen.add(lower);
  });
});

export const http: DestinationDescriptor<HttpSettings> = {
  kind: 'http',
  label: 'HTTP endpoint',
  summary: 'Any URL that accepts batches of JSON records.',
  settings: HttpSettings,
  draftSettings: HttpDraftSettings,
  secretFields: (s) => [
    ...((s.auth === 'bearer' ? ['token'] : s.auth === 'basic' ? ['basicAuth'] : []) as SecretField[]),
    ...s.secretHeaders.map(headerSecretField),
  ],
  target: (s) => `${s.method} ${maskedUrl(s.url)}`,
  endpoint: (s) => s.url,
  shown: (s) => ({
    ...s,
    ...(typeof s.url === 'string' ? { url: maskedUrl(s.url) } : {}),
    ...(s.headers && typeof s.headers === 'object' ? { headers: maskedHeaders(s.headers as Record<string, string>) } : {}),
  }),
  dataTypes: [RECORDS],
};
