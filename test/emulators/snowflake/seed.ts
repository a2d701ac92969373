import type { Engine } from './engine';
import { quoteIdent } from './sql-text';

// Deterministic demo data: every value is a pure function of the row number, so two emulators
// started with the same `rows` hold identical tables (tests compare checksums across runs).

export const SEED = {
  database: 'FLOE_DEMO',
  schema: 'ANALYTICS',
  tables: {
    events: 'APP_EVENTS',
    users: 'USERS',
    accounts: 'ACCOUNTS',
    pageViews: 'PAGE_VIEWS',
    screenViews: 'SCREEN_VIEWS',
  },
  // Events are spread evenly over this window, oldest first.
  startTime: '2024-01-01 00:00:00',
  days: 90,
} as const;

export interface SeedSizes {
  events: number;
  users: number;
  accounts: number;
  pageViews: number;
  screenViews: number;
}

export function seedSizes(rows: number): SeedSizes {
  const events = Math.max(1, Math.floor(rows));
  const users = Math.max(50, Math.floor(events / 20));
  return {
    events,
    users,
    accounts: Math.max(10, Math.floor(users / 20)),
    pageViews: Math.max(10, Math.floor(events / 4)),
    screenViews: Math.max(10, Math.floor(events / 4)),
  };
}

const pick = (list: readonly string[], expr: string): string =>
  `([${list.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')}])[(${expr}) % ${list.length} + 1]`;

const EVENT_NAMES = ['app_open', 'sign_in', 'view_item', 'add_to_cart', 'checkout_started', 'purchase', 'share', 'search', 'watch_tutorial', 'sign_out'];
const PLATFORMS = ['iOS', 'Android', 'Web'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP', 'CA', 'AU', 'ES'];
const CITIES = ['Chicago', 'London', 'Berlin', 'Paris', 'Mumbai', 'Sao Paulo', 'Tokyo', 'Toronto', 'Sydney', 'Madrid'];
const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger', 'Radia', 'Tim'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Dijkstra', 'Perlman', 'Berners-Lee'];
const PLANS = ['free', 'starter', 'pro', 'enterprise'];
const INDUSTRIES = ['Retail', 'Media', 'Fintech', 'Health', 'Education', 'Gaming', 'Travel'];
const PAGES = ['/', '/pricing', '/docs', '/blog', '/signup', '/login', '/features', '/about', '/careers', '/contact'];
const SCREENS = ['Home', 'Search', 'ProductDetail', 'Cart', 'Checkout', 'Profile', 'Settings', 'Onboarding'];
const GENDERS = ['female', 'male', 'non-binary', 'undisclosed'];

export async function seedDemoData(engine: Engine, rows: number): Promise<SeedSizes> {
  const sizes = seedSizes(rows);
  const db = quoteIdent(SEED.database);
  const sc = `${db}.${quoteIdent(SEED.schema)}`;
  const t = (name: string): string => `${sc}.${quoteIdent(name)}`;
  const startUs = Date.parse(`${SEED.startTime.replace(' ', 'T')}Z`) * 1000;
  const spanUs = SEED.days * 86_400_000_000;
  const ts = (expr: string, n: number): string => `make_timestamp(${startUs} + CAST((${expr}) AS BIGINT) * ${Math.max(1, Math.floor(spanUs / Math.max(1, n)))})`;
  const statements = [
    `CREATE SCHEMA IF NOT EXISTS ${sc}`,
    `CREATE OR REPLACE TABLE ${t(SEED.tables.accounts)} AS
      SELECT printf('acct_%05d', i) AS "ACCOUNT_ID",
             printf('%s %s Inc.', ${pick(LAST, 'i * 7')}, ${pick(INDUSTRIES, 'i')}) AS "NAME",
             ${pick(INDUSTRIES, 'i')} AS "INDUSTRY",
             ${pick(PLANS, 'i * 3')} AS "PLAN",
             CAST(10 + (i * 37) % 5000 AS DECIMAL(38, 0)) AS "EMPLOYEES",
             CAST(((i * 7919) % 10000000) / 100.0 AS DECIMAL(12, 2)) AS "ANNUAL_REVENUE",
             ${pick(COUNTRIES, 'i')} AS "COUNTRY",
             ${ts('i', sizes.accounts)} AS "CREATED_AT",
             ${ts('i', sizes.accounts)} + INTERVAL 1 DAY AS "UPDATED_AT",
             CAST(json_object('tier', ${pick(PLANS, 'i * 3')}, 'seats', 5 + i % 200, 'domain', printf('acct%05d.example.com', i)) AS JSON) AS "PROPERTIES"
      FROM range(${sizes.accounts}) r(i)`,
    `CREATE OR REPLACE TABLE ${t(SEED.tables.users)} AS
      SELECT printf('user_%07d', i) AS "USER_ID",
             printf('user%07d@example.com', i) AS "EMAIL",
             ${pick(FIRST, 'i')} AS "FIRST_NAME",
             ${pick(LAST, 'i * 5')} AS "LAST_NAME",
             printf('+1555%07d', i) AS "PHONE",
             ${pick(GENDERS, 'i * 3')} AS "GENDER",
             DATE '1960-01-01' + CAST((i * 9973) % 15000 AS INTEGER) AS "BIRTH_DATE",
             ${pick(CITIES, 'i')} AS "CITY",
             ${pick(COUNTRIES, 'i')} AS "COUNTRY",
             ${pick(PLANS, 'i')} AS "PLAN",
             printf('acct_%05d', i % ${sizes.accounts}) AS "ACCOUNT_ID",
             (i % 7) <> 0 AS "IS_ACTIVE",
             CAST(((i * 104729) % 1000000) / 100.0 AS DECIMAL(12, 2)) AS "LIFETIME_VALUE",
             ${ts('i', sizes.users)} AS "CREATED_AT",
             ${ts('i', sizes.users)} + INTERVAL 2 DAY AS "UPDATED_AT",
             CAST(json_object('city', ${pick(CITIES, 'i')}, 'plan', ${pick(PLANS, 'i')}, 'newsletter', i % 2 = 0, 'signup_channel', ${pick(['organic', 'ads', 'referral', 'partner'], 'i')}) AS JSON) AS "ATTRIBUTES"
      FROM range(${sizes.users}) r(i)`,
    `CREATE OR REPLACE TABLE ${t(SEED.tables.events)} AS
      SELECT printf('evt_%010d', i) AS "EVENT_ID",
             ${pick(EVENT_NAMES, '(i * 31) % 1009')} AS "EVENT_NAME",
             printf('user_%07d', (i * 7) % ${sizes.users}) AS "USER_ID",
             printf('device_%07d', ((i * 7) % ${sizes.users}) * 2 + i % 2) AS "DEVICE_ID",
             printf('acct_%05d', ((i * 7) % ${sizes.users}) % ${sizes.accounts}) AS "ACCOUNT_ID",
             ${ts('i', sizes.events)} AS "EVENT_TIMESTAMP",
             ${pick(PLATFORMS, 'i')} AS "PLATFORM",
             printf('%d.%d.%d', 1 + i % 3, (i // 3) % 10, i % 7) AS "APP_VERSION",
             CAST(json_object('source', ${pick(['notification', 'organic', 'campaign', 'deeplink'], 'i')}, 'item_id', printf('sku_%04d', i % 5000), 'quantity', 1 + i % 5, 'server', ${pick(['host-us', 'host-eu', 'host-ap'], 'i')}) AS JSON) AS "PROPERTIES",
             CASE WHEN ${pick(EVENT_NAMES, '(i * 31) % 1009')} = 'purchase' THEN CAST(((i * 7919) % 50000) / 100.0 AS DECIMAL(10, 2)) END AS "REVENUE",
             ${ts('i', sizes.events)} + INTERVAL 5 MINUTE AS "UPDATED_AT"
      FROM range(${sizes.events}) r(i)`,
    `CREATE OR REPLACE TABLE ${t(SEED.tables.pageViews)} AS
      SELECT printf('pv_%09d', i) AS "PAGE_VIEW_ID",
             CASE WHEN i % 5 = 0 THEN NULL ELSE printf('user_%07d', (i * 11) % ${sizes.users}) END AS "USER_ID",
             printf('anon_%08d', (i * 13) % (${sizes.users} * 3)) AS "ANONYMOUS_ID",
             ${pick(PAGES, 'i * 3')} AS "PAGE_PATH",
             printf('https://www.example.com%s', ${pick(PAGES, 'i * 3')}) AS "URL",
             ${pick(['https://www.google.com/', 'https://news.ycombinator.com/', '', 'https://twitter.com/'], 'i')} AS "REFERRER",
             ${ts('i', sizes.pageViews)} AS "VIEWED_AT",
             CAST(json_object('title', ${pick(PAGES, 'i * 3')}, 'load_ms', 100 + (i * 17) % 2000) AS JSON) AS "PROPERTIES"
      FROM range(${sizes.pageViews}) r(i)`,
    `CREATE OR REPLACE TABLE ${t(SEED.tables.screenViews)} AS
      SELECT printf('sv_%09d', i) AS "SCREEN_VIEW_ID",
             printf('user_%07d', (i * 17) % ${sizes.users}) AS "USER_ID",
             printf('device_%07d', ((i * 17) % ${sizes.users}) * 2) AS "DEVICE_ID",
             ${pick(SCREENS, 'i * 5')} AS "SCREEN_NAME",
             ${ts('i', sizes.screenViews)} AS "VIEWED_AT",
             CAST(json_object('orientation', ${pick(['portrait', 'landscape'], 'i')}, 'duration_ms', 200 + (i * 29) % 60000) AS JSON) AS "PROPERTIES"
      FROM range(${sizes.screenViews}) r(i)`,
  ];
  for (const s of statements) await engine.exec(s);
  return sizes;
}
