import { z } from 'zod';
import { DisplayName, Id, Timestamp } from './common';

export const AuthKind = z.enum(['keypair', 'password']);
export type AuthKind = z.infer<typeof AuthKind>;

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
  keyFingerprint: true,
  accessUrl: true,
});
export type ConnectionDraft = z.infer<typeof ConnectionDraft>;
