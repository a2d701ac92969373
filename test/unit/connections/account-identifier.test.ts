import { describe, expect, it } from 'vitest';
import { parseAccountIdentifier } from '../../../electron/snowflake/account-identifier';

describe('parseAccountIdentifier', () => {
  it.each([
    ['myorg-myaccount', 'myorg-myaccount', 'myorg-myaccount.snowflakecomputing.com', 'MYORG-MYACCOUNT', 'org-account'],
    ['  MyOrg-MyAccount  ', 'myorg-myaccount', 'myorg-myaccount.snowflakecomputing.com', 'MYORG-MYACCOUNT', 'org-account'],
    ['myorg.myaccount', 'myorg-myaccount', 'myorg-myaccount.snowflakecomputing.com', 'MYORG-MYACCOUNT', 'org-account'],
    ['myorg-my_account', 'myorg-my_account', 'myorg-my-account.snowflakecomputing.com', 'MYORG-MY_ACCOUNT', 'org-account'],
    ['"myorg-myaccount"', 'myorg-myaccount', 'myorg-myaccount.snowflakecomputing.com', 'MYORG-MYACCOUNT', 'org-account'],
    ['xy12345.us-east-2.aws', 'xy12345.us-east-2.aws', 'xy12345.us-east-2.aws.snowflakecomputing.com', 'XY12345', 'locator'],
    ['XY12345.eu-central-1', 'xy12345.eu-central-1', 'xy12345.eu-central-1.snowflakecomputing.com', 'XY12345', 'locator'],
    ['ab12345.west-europe.azure', 'ab12345.west-europe.azure', 'ab12345.west-europe.azure.snowflakecomputing.com', 'AB12345', 'locator'],
    ['xy12345', 'xy12345', 'xy12345.snowflakecomputing.com', 'XY12345', 'locator'],
    ['https://myorg-myaccount.snowflakecomputing.com', 'myorg-myaccount', 'myorg-myaccount.snowflakecomputing.com', 'MYORG-MYACCOUNT', 'org-account'],
    ['https://myorg-myaccount.snowflakecomputing.com/console#/', 'myorg-myaccount', 'myorg-myaccount.snowflakecomputing.com', 'MYORG-MYACCOUNT', 'org-account'],
    ['myorg-myaccount.snowflakecomputing.com', 'myorg-myaccount', 'myorg-myaccount.snowflakecomputing.com', 'MYORG-MYACCOUNT', 'org-account'],
    ['https://xy12345.us-east-2.aws.snowflakecomputing.com/', 'xy12345.us-east-2.aws', 'xy12345.us-east-2.aws.snowflakecomputing.com', 'XY12345', 'locator'],
    ['xy12345.us-east-1.privatelink.snowflakecomputing.com', 'xy12345.us-east-1', 'xy12345.us-east-1.privatelink.snowflakecomputing.com', 'XY12345', 'locator'],
    ['https://app.snowflake.com/myorg/myaccount/worksheets', 'myorg-myaccount', 'myorg-myaccount.snowflakecomputing.com', 'MYORG-MYACCOUNT', 'org-account'],
    ['https://app.snowflake.com/us-east-2.aws/xy12345/w3abc', 'xy12345.us-east-2.aws', 'xy12345.us-east-2.aws.snowflakecomputing.com', 'XY12345', 'locator'],
    ['app.snowflake.com/myorg/myaccount', 'myorg-myaccount', 'myorg-myaccount.snowflakecomputing.com', 'MYORG-MYACCOUNT', 'org-account'],
  ])('%s → account %s at %s (JWT %s)', (input, account, host, jwtAccount, kind) => {
    const parsed = parseAccountIdentifier(input);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value).toMatchObject({ account, host, jwtAccount, kind });
  });

  it('explains what it understood', () => {
    const org = parseAccountIdentifier('https://app.snowflake.com/acme/prod/');
    expect(org.ok && org.value.explanation).toBe('Organization ACME, account PROD, from the Snowsight address.');
    const loc = parseAccountIdentifier('xy12345.us-east-2.aws');
    expect(loc.ok && loc.value.explanation).toBe('Account locator XY12345 in region us-east-2 on AWS.');
  });

  it('warns that locators make key-pair sign-in fragile, with the query that gives the better form', () => {
    const parsed = parseAccountIdentifier('xy12345.us-east-2.aws');
    expect(parsed.ok && parsed.value.warnings.join(' ')).toContain("SELECT CURRENT_ORGANIZATION_NAME() || '-' || CURRENT_ACCOUNT_NAME();");
    const bare = parseAccountIdentifier('xy12345');
    expect(bare.ok && bare.value.warnings[0]).toMatch(/only works for accounts in AWS US West/);
    const org = parseAccountIdentifier('myorg-myaccount');
    expect(org.ok && org.value.warnings).toEqual([]);
  });

  it.each([
    ['', /Enter your Snowflake account/],
    ['https://example.com/myorg', /not a Snowflake address/],
    ['https://app.snowflake.com/', /does not name an account/],
    ['my org!', /not a Snowflake account identifier/],
    ['a.b.c.d.e', /does not look like/],
    ['x'.repeat(400), /too long/],
  ])('refuses %j, saying what to paste instead', (input, message) => {
    const parsed = parseAccountIdentifier(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toMatch(message);
      expect(parsed.remedy).toMatch(/CURRENT_ORGANIZATION_NAME|snowflakecomputing/i);
    }
  });
});
