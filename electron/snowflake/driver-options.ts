import type { Connection } from '../../shared/schemas';
import { parseAccountIdentifier } from './account-identifier';
import type { DriverOptions } from './driver';
import { sqlIdentifier } from './identifiers';

export type Credentials =
  | { kind: 'password'; password: string }
  /** `privateKey` is the opened (unencrypted) PKCS#8 PEM, held in memory only for the test. */
  | { kind: 'keypair'; privateKey: string; fingerprint: string };

/** How the driver reaches the account: the explicit URL (private endpoint, emulator) or its host. */
export function accessUrlFor(c: Connection): string {
  if (c.accessUrl) return c.accessUrl.replace(/\/+$/, '');
  const parsed = parseAccountIdentifier(c.account);
  return `https://${parsed.ok ? parsed.value.host : `${c.account}.snowflakecomputing.com`}`;
}

export function driverOptions(c: Connection, credentials: Credentials, timeoutMs: number): DriverOptions {
  const parsed = parseAccountIdentifier(c.account);
  const optional = (name: string | null) => (name ? sqlIdentifier(name) : undefined);
  return {
    account: parsed.ok ? parsed.value.account : c.account,
    accessUrl: accessUrlFor(c),
    username: c.username,
    role: optional(c.role),
    warehouse: optional(c.warehouse),
    database: optional(c.database),
    schema: optional(c.schema),
    timeout: timeoutMs,
    clientSessionKeepAlive: false,
    ...(credentials.kind === 'keypair'
      ? { authenticator: 'SNOWFLAKE_JWT', privateKey: credentials.privateKey }
      : { authenticator: 'SNOWFLAKE', password: credentials.password }),
  };
}

