/**
 * Snowflake account identifiers, as users paste them: `orgname-accountname`, `orgname.accountname`,
 * an account locator with region and cloud (`xy12345.us-east-2.aws`), a
 * `https://….snowflakecomputing.com` URL, or an `https://app.snowflake.com/…` URL.
 */
export interface AccountIdentifier {
  /** What snowflake-sdk takes as `account`. */
  account: string;
  /** The host Floe connects to. */
  host: string;
  kind: 'org-account' | 'locator';
  /** The ACCOUNT part of a key-pair JWT's `iss`/`sub` (upper case, no region). */
  jwtAccount: string;
  /** What Floe understood, in words. */
  explanation: string;
  warnings: string[];
}

export type AccountParse = { ok: true; value: AccountIdentifier } | { ok: false; message: string; remedy: string };

const FIND_IT = "Run SELECT CURRENT_ORGANIZATION_NAME() || '-' || CURRENT_ACCOUNT_NAME(); in Snowflake and paste the result.";
const CLOUDS: Record<string, string> = { aws: 'AWS', azure: 'Azure', gcp: 'Google Cloud' };
const NAME = /^[A-Za-z0-9_]+$/;
const HOST_PART = /^[A-Za-z0-9_-]+$/;

const fail = (message: string, remedy = FIND_IT): AccountParse => ({ ok: false, message, remedy });

function orgAccount(org: string, name: string, how: string, warnings: string[] = []): AccountParse {
  const account = `${org}-${name}`.toLowerCase();
  return {
    ok: true,
    value: {
      account,
      // Hostnames can't carry underscores; Snowflake's URLs use hyphens in their place.
      host: `${account.replace(/_/g, '-')}.snowflakecomputing.com`,
      kind: 'org-account',
      jwtAccount: account.toUpperCase(),
      explanation: `Organization ${org.toUpperCase()}, account ${name.toUpperCase()}${how}.`,
      warnings,
    },
  };
}

function locator(id: string, region: string | undefined, cloud: string | undefined, privatelink: boolean): AccountParse {
  const parts = [id, region, cloud].filter(Boolean) as string[];
  const account = parts.join('.').toLowerCase();
  const where = region ? ` in region ${region}${cloud ? ` on ${CLOUDS[cloud] ?? cloud}` : ' on AWS'}` : ' in AWS US West (Oregon)';
  const warnings = [
    'Key-pair sign-in is most reliable with the organization-account form (orgname-accountname). ' + FIND_IT,
  ];
  if (!region) warnings.unshift('A locator without a region only works for accounts in AWS US West (Oregon). Add the region and cloud if yours is elsewhere, e.g. xy12345.us-east-2.aws.');
  return {
    ok: true,
    value: {
      account,
      host: `${account}${privatelink ? '.privatelink' : ''}.snowflakecomputing.com`,
      kind: 'locator',
      jwtAccount: id.toUpperCase(),
      explanation: `Account locator ${id.toUpperCase()}${where}${privatelink ? ', over PrivateLink' : ''}.`,
      warnings,
    },
  };
}

/** The identifier inside a snowflakecomputing.com host name, e.g. `xy12345.us-east-2.aws`. */
function fromHostPrefix(prefix: string, how: string): AccountParse {
  const privatelink = prefix.endsWith('.privatelink');
  const parts = (privatelink ? prefix.slice(0, -'.privatelink'.length) : prefix).split('.');
  if (!parts.every((p) => HOST_PART.test(p))) return fail(`"${prefix}" is not a Snowflake account identifier.`);
  if (parts.length === 1) {
    const [only] = parts as [string];
    const dash = only.indexOf('-');
    if (dash > 0 && !privatelink) return orgAccount(only.slice(0, dash), only.slice(dash + 1), how);
    return locator(only, undefined, undefined, privatelink);
  }
  const cloud = parts.at(-1)!.toLowerCase();
  if (parts.length === 3 && cloud in CLOUDS) return locator(parts[0]!, parts[1]!.toLowerCase(), cloud, privatelink);
  if (parts.length === 2 && /^[a-z]+(-[a-z]+)+-\d+$/i.test(parts[1]!)) return locator(parts[0]!, parts[1]!.toLowerCase(), undefined, privatelink);
  if (parts.length === 2 && NAME.test(parts[0]!) && NAME.test(parts[1]!)) {
    return orgAccount(parts[0]!, parts[1]!, how, [
      `Snowflake writes this as ${parts[0]}-${parts[1]} in connection settings; Floe uses that form.`,
    ]);
  }
  return fail(`"${prefix}" does not look like orgname-accountname or a locator such as xy12345.us-east-2.aws.`);
}

function fromUrl(text: string): AccountParse {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return fail('That address could not be read as a URL.');
  }
  const host = url.hostname.toLowerCase();
  const suffix = /\.snowflakecomputing\.(com|cn)$/.exec(host);
  if (suffix) return fromHostPrefix(host.slice(0, suffix.index), ', from the account URL');
  if (host === 'app.snowflake.com') {
    const [first, second] = url.pathname.split('/').filter(Boolean);
    if (!first || !second) return fail('This Snowsight address does not name an account.', 'Open your account in Snowsight and copy the address from there, or ' + FIND_IT.toLowerCase());
    // Older Snowsight addresses put region.cloud first, then the locator.
    if (first.includes('.')) {
      const [region, cloud] = first.split('.') as [string, string];
      return locator(second, region, cloud, false);
    }
    return orgAccount(first, second, ', from the Snowsight address');
  }
  return fail(`${host} is not a Snowflake address.`, 'Use the account URL ending in .snowflakecomputing.com, or ' + FIND_IT.toLowerCase());
}

export function parseAccountIdentifier(input: string): AccountParse {
  const text = input.trim().replace(/^["'`]|["'`]$/g, '').replace(/\/+$/, '');
  if (!text) return fail('Enter your Snowflake account identifier.');
  if (text.length > 300) return fail('That is too long to be an account identifier.');
  if (/^https?:\/\//i.test(text) || text.includes('/') || /\.snowflakecomputing\./i.test(text)) return fromUrl(text);
  return fromHostPrefix(text, '');
}
