import { z } from 'zod';
import { plainHttpElsewhere } from '../url';
import { DisplayName, Id, ONE_LINE, ONE_LINE_MESSAGE, Timestamp } from './common';

/** Why an http:// access URL to another computer is refused: the sign-in would travel unencrypted. */
export const INSECURE_ACCESS_URL = 'Use an https:// access URL: over http:// the password or signed key token would travel unencrypted (http:// only reaches this computer, e.g. a local emulator).';

export const AuthKind = z.enum(['keypair', 'password']);
export type AuthKind = z.infer<typeof AuthKind>;

/** What the connection test checks is readable: everything in the schema, or named objects. */
export const ConnectionObjects = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({
    kind: z.literal('list'),
    tables: z.array(z.string().trim().min(1)).default([]),
    views: z.array(z.string().trim().min(1)).default([]),
  }),
]);
export type ConnectionObjects = z.infer<typeof ConnectionObjects>;

export const ConnectionStatus = z.enum(['untested', 'ok', 'failed']);

/** A Snowflake connection as Floe stores it: everything but the secret itself. */
export const Connection = z.object({
  id: Id,
  name: DisplayName,
  account: z.string().min(1),
  username: z.string().min(1),
  role: z.string().nullable(),
  warehouse: z.string().nullable(),
  database: z.string().nullable(),
  schema: z.string().nullable(),
  authKind: AuthKind,
  keyFingerprint: z.string().nullable(),
  keyId: z.string().uuid().nullable(),
  keySlot: z.union([z.literal(1), z.literal(2)]),
  pendingKeyId: z.string().uuid().nullable(),
  objects: ConnectionObjects,
  accessUrl: z.string().url().nullable(),
  status: ConnectionStatus,
  lastTestedAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Connection = z.infer<typeof Connection>;

export const ConnectionDraft = Connection.pick({
  name: true,
  account: true,
  username: true,
  role: true,
  warehouse: true,
  database: true,
  schema: true,
  authKind: true,
  keyId: true,
  objects: true,
  accessUrl: true,
})
  .refine((d) => d.authKind !== 'keypair' || d.keyId !== null, {
    message: 'Choose the key pair this connection signs in with.',
    path: ['keyId'],
  })
  .superRefine((d, ctx) => {
    // Names Floe writes into SQL stay on one line (see ONE_LINE).
    const names: Array<[string, string | null]> = [['username', d.username], ['role', d.role], ['warehouse', d.warehouse], ['database', d.database], ['schema', d.schema]];
    if (d.objects.kind === 'list') names.push(...d.objects.tables.map((t): [string, string] => ['objects', t]), ...d.objects.views.map((v): [string, string] => ['objects', v]));
    for (const [field, value] of names) if (value !== null && !ONE_LINE.test(value)) ctx.addIssue({ code: 'custom', message: ONE_LINE_MESSAGE, path: [field] });
    if (d.accessUrl !== null && plainHttpElsewhere(d.accessUrl)) ctx.addIssue({ code: 'custom', message: INSECURE_ACCESS_URL, path: ['accessUrl'] });
  });
export type ConnectionDraft = z.infer<typeof ConnectionDraft>;

/** What the connection test found, object by object, and the first thing that failed. */
export const ConnectionTestResult = z.object({
  ok: z.boolean(),
  role: z.string().nullable(),
  warehouse: z.string().nullable(),
  database: z.string().nullable(),
  schema: z.string().nullable(),
  objects: z.array(z.object({ name: z.string(), readable: z.boolean(), problem: z.string().nullable() })),
  error: z
    .object({ code: z.string(), message: z.string(), remedy: z.string(), sql: z.string().nullable() })
    .nullable(),
  /** Set when this test finished a key rotation: the SQL that removes the old key. */
  rotation: z.object({ unsetSql: z.string() }).nullable().default(null),
  testedAt: z.string(),
  durationMs: z.number().int().nonnegative(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;
