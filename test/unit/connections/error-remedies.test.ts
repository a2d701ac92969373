import { describe, expect, it } from 'vitest';
import { explainError, grantsFor } from '../../../electron/snowflake/error-remedies';
import { connectionRecord } from '../../helpers/fixtures';

const connection = connectionRecord({
  account: 'myorg-myaccount',
  username: 'floe_user',
  role: 'floe_role',
  warehouse: 'floe_wh',
  database: 'analytics',
  schema: 'public',
  authKind: 'keypair',
  keyFingerprint: 'SHA256:abc=',
});
const context = { host: 'myorg-myaccount.snowflakecomputing.com', fingerprint: 'SHA256:abc=' };
const err = (code: string | null, message = 'boom', network = false) => ({ code, sqlState: null, message, network });

describe('explainError', () => {
  it.each([
    ['390100', 'wrong_password', /Check the user name \(floe_user\)/, null],
    ['390144', 'jwt_invalid', /fingerprint SHA256:abc=.*DESC USER FLOE_USER.*orgname-accountname/, "SELECT CURRENT_ORGANIZATION_NAME() || '-' || CURRENT_ACCOUNT_NAME();"],
    ['390101', 'user_locked', /15 minutes/, 'ALTER USER FLOE_USER SET DISABLED = FALSE MINS_TO_UNLOCK = 0;'],
    ['390102', 'user_locked', /re-enable/, 'ALTER USER FLOE_USER SET DISABLED = FALSE MINS_TO_UNLOCK = 0;'],
    ['390189', 'role_not_granted', /Run the SQL below/, 'GRANT ROLE FLOE_ROLE TO USER FLOE_USER;'],
    ['000606', 'no_active_warehouse', /USAGE/, 'GRANT USAGE ON WAREHOUSE FLOE_WH TO ROLE FLOE_ROLE;'],
    ['002003', 'object_missing_or_not_authorized', /does not exist, or role floe_role may not see it/, grantsFor(connection)],
    ['003001', 'insufficient_privileges', /grants below/, grantsFor(connection)],
    ['999999', 'snowflake_error', /settings/, null],
  ])('%s → %s, with a remedy (and SQL to copy where that is the fix)', (code, expected, remedy, sql) => {
    const problem = explainError(err(code), connection, context);
    expect(problem.code).toBe(expected);
    expect(problem.remedy).toMatch(remedy);
    expect(problem.sql).toBe(sql);
  });

  it('a network failure names the host and what to check', () => {
    const problem = explainError(err('401001', 'getaddrinfo ENOTFOUND', true), connection, context);
    expect(problem.code).toBe('network');
    expect(problem.message).toContain('myorg-myaccount.snowflakecomputing.com');
    expect(problem.remedy).toMatch(/VPN/);
  });

  it('the JWT remedy points out a locator account', () => {
    const problem = explainError(err('390144'), { ...connection, account: 'xy12345.us-east-2.aws' }, context);
    expect(problem.remedy).toMatch(/given as a locator/);
  });

  it('grants for one object name it, quoted as Snowflake needs', () => {
    expect(grantsFor(connection, { name: 'order items', kind: 'view' })).toBe(
      [
        'GRANT USAGE ON DATABASE ANALYTICS TO ROLE FLOE_ROLE;',
        'GRANT USAGE ON SCHEMA ANALYTICS.PUBLIC TO ROLE FLOE_ROLE;',
        'GRANT SELECT ON VIEW ANALYTICS.PUBLIC."order items" TO ROLE FLOE_ROLE;',
      ].join('\n'),
    );
  });
});
