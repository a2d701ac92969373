import { describe, expect, it } from 'vitest';
import { changeTrackingSql, grantSql, unsetKeySql, type GrantOptions } from '../../../electron/core/keys/grant-sql';
import { IdentifierError, sqlIdentifier, sqlString, storedName } from '../../../electron/snowflake/identifiers';

describe('sqlIdentifier', () => {
  it.each([
    ['analytics', 'ANALYTICS'],
    ['FLOE_ROLE', 'FLOE_ROLE'],
    ['  floe_wh  ', 'FLOE_WH'],
    ['with$dollar', 'WITH$DOLLAR'],
    ['"MixedCase"', '"MixedCase"'],
    ['"has ""quotes"""', '"has ""quotes"""'],
    ['my table', '"my table"'],
    ['my-db', '"my-db"'],
    ['1stTable', '"1stTable"'],
    ['order', '"ORDER"'],
    ['Table', '"TABLE"'],
    ['schema', '"SCHEMA"'],
    ['wh"; DROP DATABASE x; --', '"wh""; DROP DATABASE x; --"'],
    ['événements', '"événements"'],
  ])('%s → %s', (input, expected) => {
    expect(sqlIdentifier(input)).toBe(expected);
  });

  it('refuses an empty or over-long name', () => {
    expect(() => sqlIdentifier('  ')).toThrow(/empty/);
    expect(() => sqlIdentifier('x'.repeat(256))).toThrow(/255/);
  });

  it.each([
    ['analytics', 'ANALYTICS'],
    ['"MixedCase"', 'MixedCase'],
    ['my table', 'my table'],
    ['order', 'ORDER'],
  ])('stores %s as %s', (input, expected) => {
    expect(storedName(input)).toBe(expected);
  });

  it('quotes string literals', () => {
    expect(sqlString("it's")).toBe("'it''s'");
    expect(sqlString('back\\slash')).toBe("'back\\\\slash'");
  });
});

const base: GrantOptions = {
  role: { name: 'floe_role', create: true },
  warehouse: { name: 'floe_wh', create: true },
  user: { name: 'floe_user', create: true },
  database: 'analytics',
  schema: 'public',
  objects: { kind: 'all' },
  auth: { kind: 'keypair', publicKey: 'MIIBIjANBgkqh' },
};
const statements = (sql: string) =>
  sql
    .split('\n')
    .filter((line) => !line.startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);

describe('grantSql', () => {
  it('writes the least-privilege key-pair setup', () => {
    expect(statements(grantSql(base))).toEqual([
      'USE ROLE ACCOUNTADMIN',
      "CREATE ROLE IF NOT EXISTS FLOE_ROLE COMMENT = 'Floe: read-only sync role'",
      "CREATE WAREHOUSE IF NOT EXISTS FLOE_WH WAREHOUSE_SIZE = 'XSMALL' AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE",
      'GRANT USAGE ON WAREHOUSE FLOE_WH TO ROLE FLOE_ROLE',
      'GRANT USAGE ON DATABASE ANALYTICS TO ROLE FLOE_ROLE',
      'GRANT USAGE ON SCHEMA ANALYTICS.PUBLIC TO ROLE FLOE_ROLE',
      'GRANT SELECT ON ALL TABLES IN SCHEMA ANALYTICS.PUBLIC TO ROLE FLOE_ROLE',
      'GRANT SELECT ON ALL VIEWS IN SCHEMA ANALYTICS.PUBLIC TO ROLE FLOE_ROLE',
      'GRANT SELECT ON FUTURE TABLES IN SCHEMA ANALYTICS.PUBLIC TO ROLE FLOE_ROLE',
      'GRANT SELECT ON FUTURE VIEWS IN SCHEMA ANALYTICS.PUBLIC TO ROLE FLOE_ROLE',
      "CREATE USER IF NOT EXISTS FLOE_USER TYPE = SERVICE DEFAULT_ROLE = FLOE_ROLE DEFAULT_WAREHOUSE = FLOE_WH RSA_PUBLIC_KEY = 'MIIBIjANBgkqh' COMMENT = 'Floe: key-pair sign-in, no password'",
      "ALTER USER FLOE_USER SET RSA_PUBLIC_KEY = 'MIIBIjANBgkqh'",
      'GRANT ROLE FLOE_ROLE TO USER FLOE_USER',
    ]);
  });

  it('grants nothing beyond USAGE and SELECT', () => {
    const sql = statements(grantSql(base)).filter((s) => s.startsWith('GRANT '));
    expect(sql.every((s) => /^GRANT (USAGE|SELECT) ON |^GRANT ROLE /.test(s))).toBe(true);
    expect(grantSql(base)).not.toMatch(/OWNERSHIP|ALL PRIVILEGES|INSERT|UPDATE|DELETE|CREATE SCHEMA|CREATE TABLE/);
  });

  it('grants only the chosen tables and views, quoted where needed', () => {
    const sql = statements(grantSql({ ...base, objects: { kind: 'list', tables: ['events', '"Users"', 'order'], views: ['daily active'] } }));
    expect(sql.filter((s) => s.startsWith('GRANT SELECT'))).toEqual([
      'GRANT SELECT ON TABLE ANALYTICS.PUBLIC.EVENTS TO ROLE FLOE_ROLE',
      'GRANT SELECT ON TABLE ANALYTICS.PUBLIC."Users" TO ROLE FLOE_ROLE',
      'GRANT SELECT ON TABLE ANALYTICS.PUBLIC."ORDER" TO ROLE FLOE_ROLE',
      'GRANT SELECT ON VIEW ANALYTICS.PUBLIC."daily active" TO ROLE FLOE_ROLE',
    ]);
    expect(() => grantSql({ ...base, objects: { kind: 'list', tables: [] } })).toThrow(/at least one/);
  });

  it('reuses an existing role, warehouse and user without creating them', () => {
    const sql = statements(
      grantSql({ ...base, role: { name: 'ANALYST', create: false }, warehouse: { name: 'COMPUTE_WH', create: false }, user: { name: 'svc', create: false } }),
    );
    expect(sql.some((s) => s.startsWith('CREATE'))).toBe(false);
    expect(sql).toContain('GRANT USAGE ON WAREHOUSE COMPUTE_WH TO ROLE ANALYST');
    expect(sql).toContain("ALTER USER SVC SET RSA_PUBLIC_KEY = 'MIIBIjANBgkqh'");
    expect(sql).toContain('ALTER USER SVC SET DEFAULT_ROLE = ANALYST DEFAULT_WAREHOUSE = COMPUTE_WH');
    expect(sql).toContain('GRANT ROLE ANALYST TO USER SVC');
  });

  it('puts a rotated key in the second slot', () => {
    const sql = grantSql({ ...base, user: { name: 'floe_user', create: false }, auth: { kind: 'keypair', publicKey: 'NEWKEY', slot: 2 } });
    expect(sql).toContain("ALTER USER FLOE_USER SET RSA_PUBLIC_KEY_2 = 'NEWKEY';");
    expect(unsetKeySql('floe_user', 1)).toBe('ALTER USER FLOE_USER UNSET RSA_PUBLIC_KEY;\n');
  });

  it('writes a password variant with a visible warning and no real password', () => {
    const sql = grantSql({ ...base, auth: { kind: 'password' } });
    expect(sql).toMatch(/-- WARNING: password sign-in/);
    expect(sql).toContain("PASSWORD = '<choose a long random password>'");
    expect(sql).toContain('TYPE = LEGACY_SERVICE');
    expect(sql).not.toContain('RSA_PUBLIC_KEY');
  });

  it('quotes mixed-case, spaced and reserved names throughout', () => {
    const sql = grantSql({ ...base, role: { name: '"Floe Role"', create: true }, database: 'my db', schema: 'select', user: { name: 'user', create: true } });
    expect(sql).toContain('CREATE ROLE IF NOT EXISTS "Floe Role"');
    expect(sql).toContain('GRANT USAGE ON SCHEMA "my db"."SELECT" TO ROLE "Floe Role";');
    expect(sql).toContain('GRANT ROLE "Floe Role" TO USER USER;');
  });

  it('keeps change tracking as a separate, explained script', () => {
    expect(grantSql(base)).not.toContain('CHANGE_TRACKING');
    const sql = changeTrackingSql('analytics', 'public', ['events']);
    expect(sql).toMatch(/-- Change tracking/);
    expect(sql).toContain('ALTER TABLE ANALYTICS.PUBLIC.EVENTS SET CHANGE_TRACKING = TRUE;');
  });
});

// Issue 15 §1.1: names go into a script an admin runs as ACCOUNTADMIN, some inside `--` comments.
/** The script's statements as Snowflake reads them: comments dropped and `;` split outside quotes and strings. */
function parsedStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      current += ' ';
    } else if (c === '"' || c === "'") {
      const end = sql.indexOf(c, i + 1);
      let j = end;
      // A doubled quote is part of the name or string.
      while (j !== -1 && sql[j + 1] === c) j = sql.indexOf(c, j + 2);
      current += sql.slice(i, j + 1);
      i = j;
    } else if (c === ';') {
      out.push(current.replace(/\s+/g, ' ').trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) out.push(current.replace(/\s+/g, ' ').trim());
  return out;
}

describe('hostile names', () => {
  const named = (name: string): GrantOptions => ({ ...base, role: { name, create: true }, user: { name, create: true }, warehouse: { name, create: true }, database: name, schema: name });

  it.each(['x\nDROP DATABASE PROD;--', 'x\rDROP DATABASE PROD', 'tab\there', 'nul\u0000x', 'bell\u0007'])('a name with a control character (%j) is refused, naming the problem', (name) => {
    expect(() => sqlIdentifier(name)).toThrow(IdentifierError);
    expect(() => sqlIdentifier(name)).toThrow(/line break, tab or other control character/);
    expect(() => grantSql(named(name))).toThrow(IdentifierError);
  });

  it.each(['evil */ DROP DATABASE PROD; /*', 'a;b', 'say "hi"', "it's", '-- comment', 'x; DROP DATABASE PROD'])('%j stays one quoted name: the script has the same statements', (name) => {
    const expected = parsedStatements(grantSql(base)).map((s) => s.split(' ').slice(0, 2).join(' '));
    const statements = parsedStatements(grantSql(named(name)));
    expect(statements.map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(expected);
    expect(statements.some((s) => /^DROP\b/i.test(s))).toBe(false);
    expect(grantSql(named(name))).toContain(`"${name.replace(/"/g, '""')}"`);
  });

  it('a 10 KB name is refused', () => {
    expect(() => grantSql(named('x'.repeat(10_240)))).toThrow(/255-character limit/);
  });
});
