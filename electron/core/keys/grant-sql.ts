import { sqlIdentifier, sqlString } from '../../snowflake/identifiers';

export interface GrantOptions {
  /** The role that runs the script; it must be able to create roles, users and warehouses. */
  adminRole?: string;
  role: { name: string; create: boolean };
  warehouse: { name: string; create: boolean };
  user: { name: string; create: boolean };
  database: string;
  schema: string;
  /** Named tables or views, or everything in the schema now and later. */
  objects: { kind: 'all' } | { kind: 'list'; tables: string[]; views?: string[] };
  auth: { kind: 'keypair'; publicKey: string; slot?: 1 | 2 } | { kind: 'password' };
}

export const PASSWORD_PLACEHOLDER = '<choose a long random password>';

/**
 * The setup script a Snowflake admin pastes into a worksheet: a read-only role, a small
 * self-suspending warehouse, the grants, and a service user that signs in with Floe's key.
 * Pure, so every variation is tested; identifiers are quoted exactly where Snowflake needs it.
 */
export function grantSql(options: GrantOptions): string {
  const role = sqlIdentifier(options.role.name);
  const warehouse = sqlIdentifier(options.warehouse.name);
  const user = sqlIdentifier(options.user.name);
  const database = sqlIdentifier(options.database);
  const schema = `${database}.${sqlIdentifier(options.schema)}`;
  const lines: string[] = [];
  const section = (title: string) => lines.push('', `-- ${title}`);

  lines.push(
    `-- Floe setup: read-only access for ${user}.`,
    `-- Run in a Snowflake worksheet as a role that can create roles, users and warehouses.`,
    `USE ROLE ${sqlIdentifier(options.adminRole ?? 'ACCOUNTADMIN')};`,
  );

  section(options.role.create ? '1. A role for Floe' : '1. The existing role Floe uses');
  if (options.role.create) lines.push(`CREATE ROLE IF NOT EXISTS ${role} COMMENT = 'Floe: read-only sync role';`);

  section(options.warehouse.create ? '2. A small warehouse that suspends itself when idle' : '2. The existing warehouse Floe uses');
  if (options.warehouse.create) {
    lines.push(
      `CREATE WAREHOUSE IF NOT EXISTS ${warehouse}`,
      `  WAREHOUSE_SIZE = 'XSMALL' AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE;`,
    );
  }
  lines.push(`GRANT USAGE ON WAREHOUSE ${warehouse} TO ROLE ${role};`);

  section('3. Read access to the data Floe syncs (SELECT only)');
  lines.push(`GRANT USAGE ON DATABASE ${database} TO ROLE ${role};`, `GRANT USAGE ON SCHEMA ${schema} TO ROLE ${role};`);
  if (options.objects.kind === 'all') {
    lines.push(
      `GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ROLE ${role};`,
      `GRANT SELECT ON ALL VIEWS IN SCHEMA ${schema} TO ROLE ${role};`,
      `GRANT SELECT ON FUTURE TABLES IN SCHEMA ${schema} TO ROLE ${role};`,
      `GRANT SELECT ON FUTURE VIEWS IN SCHEMA ${schema} TO ROLE ${role};`,
    );
  } else {
    const views = options.objects.views ?? [];
    if (options.objects.tables.length + views.length === 0) throw new Error('Choose at least one table or view, or all of them.');
    // Snowflake grants on views separately: GRANT … ON TABLE fails for a view.
    for (const name of options.objects.tables) lines.push(`GRANT SELECT ON TABLE ${schema}.${sqlIdentifier(name)} TO ROLE ${role};`);
    for (const name of views) lines.push(`GRANT SELECT ON VIEW ${schema}.${sqlIdentifier(name)} TO ROLE ${role};`);
  }

  section(options.user.create ? '4. The user Floe signs in as' : '4. The existing user Floe signs in as');
  if (options.auth.kind === 'keypair') {
    const slot = options.auth.slot === 2 ? 'RSA_PUBLIC_KEY_2' : 'RSA_PUBLIC_KEY';
    const key = sqlString(options.auth.publicKey);
    if (options.user.create) {
      lines.push(
        `CREATE USER IF NOT EXISTS ${user}`,
        `  TYPE = SERVICE DEFAULT_ROLE = ${role} DEFAULT_WAREHOUSE = ${warehouse}`,
        `  ${slot} = ${key}`,
        `  COMMENT = 'Floe: key-pair sign-in, no password';`,
        `-- If ${user} already existed, this line gives it Floe's key:`,
      );
    }
    lines.push(`ALTER USER ${user} SET ${slot} = ${key};`);
  } else {
    lines.push(
      '-- WARNING: password sign-in. Snowflake is retiring passwords for service users; prefer a key pair.',
      `-- Replace the placeholder with a long random password and enter the same one in Floe.`,
    );
    if (options.user.create) {
      lines.push(
        `CREATE USER IF NOT EXISTS ${user}`,
        `  TYPE = LEGACY_SERVICE PASSWORD = ${sqlString(PASSWORD_PLACEHOLDER)} MUST_CHANGE_PASSWORD = FALSE`,
        `  DEFAULT_ROLE = ${role} DEFAULT_WAREHOUSE = ${warehouse}`,
        `  COMMENT = 'Floe: password sign-in';`,
      );
    } else {
      lines.push(`ALTER USER ${user} SET PASSWORD = ${sqlString(PASSWORD_PLACEHOLDER)} MUST_CHANGE_PASSWORD = FALSE;`);
    }
  }
  if (!options.user.create) lines.push(`ALTER USER ${user} SET DEFAULT_ROLE = ${role} DEFAULT_WAREHOUSE = ${warehouse};`);
  lines.push(`GRANT ROLE ${role} TO USER ${user};`);
  return lines.join('\n').trimStart() + '\n';
}

/** Rotation, step 1: the new key goes in the slot the current key does not use. */
export function setKeySql(userName: string, publicKey: string, slot: 1 | 2, adminRole = 'ACCOUNTADMIN'): string {
  return [
    `-- Adds Floe's new key beside the current one; both work until the old one is removed.`,
    `USE ROLE ${sqlIdentifier(adminRole)};`,
    `ALTER USER ${sqlIdentifier(userName)} SET ${slot === 2 ? 'RSA_PUBLIC_KEY_2' : 'RSA_PUBLIC_KEY'} = ${sqlString(publicKey)};`,
  ].join('\n') + '\n';
}

/** Rotation, step 2, after the new key has been tested: remove the old key from its slot. */
export function unsetKeySql(userName: string, slot: 1 | 2): string {
  return `ALTER USER ${sqlIdentifier(userName)} UNSET ${slot === 2 ? 'RSA_PUBLIC_KEY_2' : 'RSA_PUBLIC_KEY'};\n`;
}

/**
 * What change-tracking syncs additionally need: only the owner of a table can turn tracking
 * on, so this is for the table owner to run, and Floe's role itself stays read-only.
 */
export function changeTrackingSql(database: string, schema: string, tables: string[]): string {
  const at = `${sqlIdentifier(database)}.${sqlIdentifier(schema)}`;
  return [
    '-- Change tracking lets Floe read only what changed (CDC syncs). Run as the owner of each table;',
    "-- Floe's role stays read-only.",
    ...tables.map((t) => `ALTER TABLE ${at}.${sqlIdentifier(t)} SET CHANGE_TRACKING = TRUE;`),
  ].join('\n') + '\n';
}
