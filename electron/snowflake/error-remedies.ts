import type { Connection } from '../../shared/schemas';
import { sqlIdentifier } from './identifiers';
import type { DriverError } from './driver';
import { parseAccountIdentifier } from './account-identifier';

export interface TestProblem {
  code: string;
  message: string;
  remedy: string;
  /** SQL for an admin to run, when that is the fix. */
  sql: string | null;
}

const ACCOUNT_QUERY = "SELECT CURRENT_ORGANIZATION_NAME() || '-' || CURRENT_ACCOUNT_NAME();";

const id = (name: string | null, fallback: string) => (name ? sqlIdentifier(name) : fallback);

function namespaceOf(c: Connection, where: { database?: string; schema?: string }) {
  const database = where.database ? sqlIdentifier(where.database) : id(c.database, '<database>');
  return { database, schema: `${database}.${where.schema ? sqlIdentifier(where.schema) : id(c.schema, '<schema>')}` };
}

/** USAGE on a database and, unless `databaseOnly`, a schema of it: the connection's, unless named. */
export function usageFor(c: Connection, where: { database?: string; schema?: string; databaseOnly?: boolean }): string[] {
  const role = id(c.role, '<role>');
  const { database, schema } = namespaceOf(c, where);
  const lines = [`GRANT USAGE ON DATABASE ${database} TO ROLE ${role};`];
  if (!where.databaseOnly) lines.push(`GRANT USAGE ON SCHEMA ${schema} TO ROLE ${role};`);
  return lines;
}

/** An object's full name as SQL: in the connection's database and schema unless it names its own. */
export function objectName(c: Connection, object: { name: string; database?: string; schema?: string }): string {
  return `${namespaceOf(c, object).schema}.${sqlIdentifier(object.name)}`;
}

/**
 * The grants that make `object` readable for the connection's role (every table and view of the
 * connection's schema without one). An object is in the connection's database and schema unless
 * it names its own. Not knowing whether a name is a table or a view (Snowflake hides which from a
 * role that may not see it), the table's grant is given with the view's as a comment: GRANT …
 * ON TABLE fails for a view.
 */
export function grantsFor(c: Connection, object?: { name: string; kind: 'table' | 'view' | 'table or view'; database?: string; schema?: string }): string {
  const role = id(c.role, '<role>');
  const { schema } = namespaceOf(c, object ?? {});
  const lines = usageFor(c, object ?? {});
  const on = (kind: 'TABLE' | 'VIEW') => `GRANT SELECT ON ${kind} ${objectName(c, object!)} TO ROLE ${role};`;
  if (!object) lines.push(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ROLE ${role};`, `GRANT SELECT ON ALL VIEWS IN SCHEMA ${schema} TO ROLE ${role};`);
  else if (object.kind === 'table or view') lines.push(on('TABLE'), `-- If ${sqlIdentifier(object.name)} is a view, run this instead of the line above:`, `-- ${on('VIEW')}`);
  else lines.push(on(object.kind === 'view' ? 'VIEW' : 'TABLE'));
  return lines.join('\n');
}

/**
 * What went wrong signing in or reading, in the user's terms, with the fix. Snowflake's codes
 * are stable; messages are matched only where one code covers several causes.
 */
export function explainError(error: DriverError, c: Connection, context: { host: string; fingerprint: string | null }): TestProblem {
  const user = id(c.username, '<user>');
  const role = id(c.role, '<role>');
  const warehouse = id(c.warehouse, '<warehouse>');
  const said = error.message.replace(/\s+/g, ' ').trim();

  if (error.network) {
    return {
      code: 'network',
      message: `Floe could not reach Snowflake at ${context.host}: ${said}`,
      remedy: 'Check the account identifier, your network or VPN, and any proxy; then test again.',
      sql: null,
    };
  }
  switch (error.code) {
    case '390100':
      return {
        code: 'wrong_password',
        message: 'Snowflake rejected the user name or password.',
        remedy: `Check the user name (${c.username}) and the password. If you used Floe's setup SQL, the password is the one you put in place of the placeholder.`,
        sql: null,
      };
    case '390144': {
      const account = parseAccountIdentifier(c.account);
      const locatorHint = account.ok && account.value.kind === 'locator' ? ' Your account is given as a locator, which often breaks key-pair sign-in:' : '';
      return {
        code: 'jwt_invalid',
        message: "Snowflake rejected Floe's key-pair sign-in (JWT token is invalid).",
        remedy:
          `Make sure the setup SQL ran, so that ${c.username}'s RSA_PUBLIC_KEY has fingerprint ${context.fingerprint ?? '(the key’s fingerprint)'} ` +
          `(check with DESC USER ${user}), and give the account as orgname-accountname.${locatorHint} run the query below in Snowflake and use its result as the account.`,
        sql: ACCOUNT_QUERY,
      };
    }
    case '390101':
    case '390102':
      return {
        code: 'user_locked',
        message: `Snowflake says user ${c.username} is locked or disabled: ${said}`,
        remedy: 'An admin can re-enable the user with the SQL below; a temporary lock after failed sign-ins also clears by itself after 15 minutes.',
        sql: `ALTER USER ${user} SET DISABLED = FALSE MINS_TO_UNLOCK = 0;`,
      };
    case '390189':
    case '390190':
      return {
        code: 'role_not_granted',
        message: `Role ${c.role} is not granted to user ${c.username}.`,
        remedy: 'Run the SQL below as an admin, then test again.',
        sql: `GRANT ROLE ${role} TO USER ${user};`,
      };
    case '000606':
      return noWarehouse(c, warehouse, role);
    case '002003':
    case '002043':
      return {
        code: 'object_missing_or_not_authorized',
        message: `Snowflake says: ${said}`,
        remedy: `Either the object does not exist, or role ${c.role ?? '(default)'} may not see it. Check the name, or run the grants below as an admin.`,
        sql: grantsFor(c),
      };
    case '003001':
      return {
        code: 'insufficient_privileges',
        message: `Role ${c.role ?? '(default)'} lacks a privilege: ${said}`,
        remedy: 'Run the grants below as an admin, then test again.',
        sql: grantsFor(c),
      };
    default:
      return {
        code: 'snowflake_error',
        message: `Snowflake returned an error${error.code ? ` (${error.code})` : ''}: ${said}`,
        remedy: 'Check the connection settings. If the message names a privilege or object, grant it and test again.',
        sql: null,
      };
  }
}

export function noWarehouse(c: Connection, warehouse = id(c.warehouse, '<warehouse>'), role = id(c.role, '<role>')): TestProblem {
  return {
    code: 'no_active_warehouse',
    message: c.warehouse
      ? `Warehouse ${c.warehouse} could not be used: it does not exist, or role ${c.role ?? '(default)'} has no USAGE on it.`
      : 'No warehouse is set for this connection, and the user has no default warehouse.',
    remedy: 'Queries need a running warehouse. Set one on the connection and grant the role USAGE on it (SQL below).',
    sql: `GRANT USAGE ON WAREHOUSE ${warehouse} TO ROLE ${role};`,
  };
}

export function timedOut(seconds: number, host: string): TestProblem {
  return {
    code: 'timeout',
    message: `Snowflake at ${host} did not answer within ${seconds} seconds.`,
    remedy: 'Check your network or VPN and the account identifier, then test again. A suspended warehouse can take a few seconds to resume.',
    sql: null,
  };
}
