import { HostClient } from '../helpers/ws-client';
import { connectionDraft } from '../helpers/fixtures';
import { expect, pageErrors, screenshotPath, startFloe, test } from './floe-host';

const PAGES = [
  { link: 'Connections', heading: 'Connections', empty: 'No Snowflake connection yet' },
  { link: 'Destinations', heading: 'Destinations', empty: 'No destination yet' },
  { link: 'Syncs', heading: 'Syncs', empty: 'No sync yet' },
  { link: 'Runs', heading: 'Runs', empty: 'No runs yet' },
] as const;

test.describe('Floe in the browser, served by the headless host', () => {
  test('opens from the printed link, then drops the token from the address bar', async ({ page, floe }) => {
    const errors = pageErrors(page);
    await page.goto(floe.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
    await expect(page.getByRole('status')).toContainText('Floe is idle');
    expect(page.url()).not.toContain('token=');
    expect(errors).toEqual([]);
  });

  test('walks every page, each with an empty state that says what to do next', async ({ page, floe }) => {
    await page.goto(floe.url);
    for (const p of PAGES) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: p.link }).click();
      await expect(page.getByRole('heading', { level: 1, name: p.heading })).toBeVisible();
      await expect(page.getByRole('heading', { level: 2, name: p.empty })).toBeVisible();
      await expect(page.getByRole('link', { name: p.link })).toHaveAttribute('aria-current', 'page');
      await page.screenshot({ path: screenshotPath(`page-${p.link.toLowerCase()}`) });
    }
    // A reload keeps the page.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
  });

  test('Settings shows where data lives and which keychain holds the secrets', async ({ page, floe }) => {
    await page.goto(floe.url);
    await page.getByRole('link', { name: 'Settings' }).click();
    const data = page.getByRole('region', { name: 'Data' });
    await expect(data).toContainText(floe.home);
    await expect(data).toContainText(`${floe.home}/floe.db`);
    const secrets = page.getByRole('region', { name: 'Secrets' });
    await expect(secrets).toContainText('Secret Service');
    await expect(secrets).toContainText('Available');
    await expect(page.getByRole('region', { name: 'About' })).toContainText('Headless host');
    await page.screenshot({ path: screenshotPath('page-settings') });
  });

  test('refuses the app without the token or with a stale one', async ({ browser, floe }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const missing = await page.goto(floe.origin + '/');
    expect(missing?.status()).toBe(401);
    await expect(page.getByRole('heading', { name: 'This link needs its access token' })).toBeVisible();
    await page.screenshot({ path: screenshotPath('refused-missing-token') });

    const stale = await page.goto(floe.origin + '/?token=' + 'A'.repeat(43));
    expect(stale?.status()).toBe(401);
    await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
    await expect(page.locator('#root')).toHaveCount(0);
    await context.close();
  });

  test('lists a saved connection, guides the next step, and deletes it with a confirmation', async ({ page, floe }) => {
    const client = await HostClient.connect(floe.url);
    await client.value('connections.create', connectionDraft({ name: 'Warehouse E2E' }));
    client.close();

    await page.goto(floe.url);
    const row = page.getByRole('row', { name: /Warehouse E2E/ });
    await expect(row).toContainText('myorg-myaccount');
    await expect(row).toContainText('Password');
    await expect(row).toContainText('Not tested');

    await page.getByRole('link', { name: 'Syncs' }).click();
    const checklist = page.getByRole('list').filter({ hasText: 'A destination' });
    await expect(checklist.getByRole('button', { name: 'Go to Connections' })).toHaveCount(0);
    await checklist.getByRole('button', { name: 'Go to Destinations' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Destinations' })).toBeVisible();

    await page.getByRole('link', { name: 'Connections' }).click();
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.screenshot({ path: screenshotPath('connection-delete-confirm') });
    await row.getByRole('button', { name: 'Delete Warehouse E2E and its secrets' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'No Snowflake connection yet' })).toBeVisible();
  });
});

test('says so when the host stops, instead of failing silently', async ({ page }) => {
  const floe = await startFloe();
  await page.goto(floe.url);
  await expect(page.getByRole('status')).toContainText('Floe is idle');
  await floe.stop();
  await expect(page.getByRole('alert')).toContainText('lost its connection to Floe');
});
