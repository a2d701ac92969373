import { z } from 'zod';
import { ONE_LINE, ONE_LINE_MESSAGE } from './common';
import { ConnectionObjects } from './connection';

const Name = z.string().trim().min(1, 'Required.').max(255).regex(ONE_LINE, ONE_LINE_MESSAGE);

/** The choices behind the setup SQL; the key is named by id and its public half looked up. */
export const GrantRequest = z.object({
  adminRole: Name.optional(),
  user: Name,
  role: Name,
  warehouse: Name,
  database: Name,
  schema: Name,
  createUser: z.boolean().default(true),
  createRole: z.boolean().default(true),
  createWarehouse: z.boolean().default(true),
  objects: ConnectionObjects,
  auth: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('keypair'), keyId: z.string().uuid(), slot: z.union([z.literal(1), z.literal(2)]).optional() }),
    z.object({ kind: z.literal('password') }),
  ]),
});
export type GrantRequest = z.infer<typeof GrantRequest>;

export const AccountParseResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    account: z.string(),
    host: z.string(),
    kind: z.enum(['org-account', 'locator']),
    explanation: z.string(),
    warnings: z.array(z.string()),
  }),
  z.object({ ok: z.literal(false), message: z.string(), remedy: z.string() }),
]);
export type AccountParseResult = z.infer<typeof AccountParseResult>;
