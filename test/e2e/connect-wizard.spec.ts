import type { Page } from '@playwright/test';
import { startEmulator, type EmulatorHandle } from '../emulators/snowflake';
import { expect, pageErrors, screenshotPath, startFloe, test, type FloeHost } from './floe-host';
import { runAsAdmin } from '../helpers/admin-sql';

// One host and one emulator for this file: the wizard tests must not leave connections in the
// worker's shared host, whose empty states app.spec.ts checks.
let emulator: EmulatorHandle;
let host: FloeHost;

test.beforeAll(async () => {
  emulator = await startEmulator({ rows: 200 });
  host = await startFloe();
});
test.afterAll(async () => {
  await host?.stop();
  await emulator?.close();
});


async function shot(page: Page, step: string) {
  // The page scrolls inside <main>, so a full-page shot would still stop at the viewport: grow the
  // viewport to the wizard's height instead, so each screenshot shows the whole step.
  const height = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 800);
  await page.setViewportSize({ width: 1280, height: Math.max(800, Math.min(height, 3000)) });
  await page.screenshot({ path: screenshotPath(`wizard-${step}`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function fillAccountStep(page: Page) {
  await page.getByRole('button', { name: 'New connection' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Account' })).toBeVisible();
  await page.getByLabel('Account identifier').fill(emulator.account.toLowerCase());
  await expect(page.getByText('Understood')).toBeVisible();
  await page.getByText('Advanced').click();
  await page.getByLabel('Private endpoint URL').fill(emulator.accessUrl);
}

async function fillAccessNames(page: Page, names: { user: string; role: string; warehouse: string }) {
  await page.getByLabel('User', { exact: true }).fill(names.user);
  await page.getByLabel('Role', { exact: true }).fill(names.role);
  await page.getByLabel('Warehouse', { exact: true }).fill(names.warehouse);
  await page.getByLabel('Database', { exact: true }).fill(emulator.database);
  await page.getByLabel('Schema', { exact: true }).fill(emulator.schema);
}

test.describe('Snowflake setup wizard against the emulator', () => {
  test('key pair: generate, copy and run the setup SQL, test, save, listed as Working', async ({ browser }) => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(host.url);

    // 1. Account
    await fillAccountStep(page);
    await shot(page, 'account');
    await page.getByRole('button', { name: 'Next' }).click();

    // 2. Authentication: generating a key pair is the default.
    await expect(page.getByRole('heading', { level: 2, name: 'Authentication' })).toBeVisible();
    await expect(page.getByRole('radio', { name: /Generate a key pair/ })).toBeChecked();
    await page.getByRole('button', { name: 'Generate key pair' }).click();
    const fingerprint = page.getByTestId('key-fingerprint');
    await expect(fingerprint).toHaveText(/^SHA256:/);
    const shownFingerprint = (await fingerprint.textContent())!.trim();
    await shot(page, 'auth');
    await page.getByRole('button', { name: 'Next' }).click();

    // 3. Access: the setup SQL, copied with the Copy button.
    await expect(page.getByRole('heading', { level: 2, name: 'Access' })).toBeVisible();
    await fillAccessNames(page, { user: 'FLOE_USER', role: 'FLOE_ROLE', warehouse: 'FLOE_WH' });
    await expect(page.getByRole('radio', { name: 'All tables and views in the schema' })).toBeChecked();
    const sqlBlock = page.getByLabel('Setup SQL', { exact: true });
    await expect(sqlBlock).toContainText('CREATE USER');
    await expect(sqlBlock).toContainText(emulator.schema);
    await expect(page.getByTestId('key-fingerprint')).toHaveText(shownFingerprint);
    await page.getByRole('button', { name: 'Copy Setup SQL' }).click();
    await expect(page.getByText('Copied', { exact: true })).toBeVisible();
    const shownSql = (await sqlBlock.textContent())!;
    // Headless Chromium grants clipboard-read on a localhost origin, so the SQL is read back from
    // the real clipboard; only if that is refused do we fall back to the block's text.
    const sql = await page.evaluate(() => navigator.clipboard.readText()).catch(() => shownSql);
    expect(sql).toBe(shownSql);
    expect(sql).toContain('RSA_PUBLIC_KEY');
    await shot(page, 'access');

    await runAsAdmin(emulator, sql);
    const desc = await emulator.sql('DESC USER FLOE_USER');
    const fpRow = desc.find((r) => String(r.property).toUpperCase() === 'RSA_PUBLIC_KEY_FP');
    expect(fpRow?.value).toBe(shownFingerprint);

    // 4. Test: starts on its own, never blocks the page.
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Test' })).toBeVisible();
    await expect(page.getByText('Passed', { exact: true })).toBeVisible({ timeout: 30_000 });
    const readBack = page.getByRole('definition');
    await expect(readBack.filter({ hasText: 'FLOE_ROLE' })).toHaveCount(1);
    await expect(readBack.filter({ hasText: 'FLOE_WH' })).toHaveCount(1);
    const objects = page.getByRole('list', { name: 'Objects' }).getByRole('listitem');
    expect(await objects.count()).toBeGreaterThan(0);
    for (const item of await objects.all()) await expect(item).toContainText('readable');
    await expect(page.getByRole('list', { name: 'Objects' })).not.toContainText('not readable');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await shot(page, 'test');
    await page.getByRole('button', { name: 'Next' }).click();

    // 5. Save
    await expect(page.getByRole('heading', { level: 2, name: 'Save' })).toBeVisible();
    await expect(page.getByLabel('Connection name')).toHaveValue(/floetest/i);
    await page.getByLabel('Connection name').fill('Emulator warehouse');
    await shot(page, 'save');
    expect(await page.content()).not.toContain('PRIVATE KEY');
    await page.getByRole('button', { name: 'Save connection' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
    const row = page.getByRole('row', { name: /Emulator warehouse/ });
    await expect(row).toContainText('FLOE_USER');
    await expect(row).toContainText('Key pair');
    await expect(row).toContainText('Working');
    await page.screenshot({ path: screenshotPath('wizard-listed') });

    // Re-test from the list shows its result inline.
    await row.getByRole('button', { name: 'Test' }).click();
    await expect(page.getByRole('region', { name: 'Test of Emulator warehouse' })).toContainText('Passed');
    expect(await page.content()).not.toContain('PRIVATE KEY');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('rotate key: the new key goes in slot 2, a passing test switches to it, then the old one is removed', async ({ page }) => {
    await page.goto(host.url);
    const row = page.getByRole('row', { name: /Emulator warehouse/ });
    await row.getByRole('button', { name: 'Rotate key' }).click();
    const panel = page.getByRole('region', { name: 'Rotate the key of Emulator warehouse' });
    await panel.getByRole('button', { name: 'Generate new key' }).click();
    const rotationSql = panel.getByLabel('Rotation SQL', { exact: true });
    await expect(rotationSql).toContainText('RSA_PUBLIC_KEY_2');
    const newFingerprint = (await panel.getByTestId('key-fingerprint').textContent())!.trim();
    await runAsAdmin(emulator, (await rotationSql.textContent())!);
    const desc = await emulator.sql('DESC USER FLOE_USER');
    expect(desc.find((r) => String(r.property).toUpperCase() === 'RSA_PUBLIC_KEY_2_FP')?.value).toBe(newFingerprint);

    await panel.getByRole('button', { name: 'Test with the new key' }).click();
    const unset = panel.getByLabel('SQL that removes the old key', { exact: true });
    await expect(unset).toHaveText(/ALTER USER FLOE_USER UNSET RSA_PUBLIC_KEY;/, { timeout: 30_000 });
    await page.screenshot({ path: screenshotPath('rotate-key-done') });
    await runAsAdmin(emulator, (await unset.textContent())!);

    // Only the new key is registered now, and the connection still works with it.
    await row.getByRole('button', { name: 'Test', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Test of Emulator warehouse' })).toContainText('Passed', { timeout: 30_000 });
    const after = await emulator.sql('DESC USER FLOE_USER');
    const fp = (name: string) => after.find((r) => String(r.property).toUpperCase() === name)?.value;
    expect([fp('RSA_PUBLIC_KEY_FP'), fp('RSA_PUBLIC_KEY_2_FP')]).toEqual(['null', newFingerprint]); // DESC USER shows unset properties as the text null
  });

  test('password: a wrong password shows the remedy naming the user', async ({ page }) => {
    await page.goto(host.url);
    await fillAccountStep(page);
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('radio', { name: /^Password/ }).check();
    await expect(page.getByRole('note')).toContainText('retiring password sign-in');
    await shot(page, 'auth-password');
    await page.getByRole('button', { name: 'Next' }).click();

    await fillAccessNames(page, { user: emulator.admin.username, role: 'SYSADMIN', warehouse: emulator.warehouse });
    // Nothing to continue with until the password is in.
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Enter the password' })).toBeVisible();
    await page.getByLabel(`Password for ${emulator.admin.username}`).fill('not-the-password');
    await page.getByRole('button', { name: 'Next' }).click();

    await expect(page.getByRole('heading', { level: 2, name: 'Test' })).toBeVisible();
    const failure = page.getByRole('alert').filter({ hasText: 'rejected the user name or password' });
    await expect(failure).toContainText(`Check the user name (${emulator.admin.username})`, { timeout: 30_000 });
    await expect(failure.getByRole('button', { name: 'Go to Authentication' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Test again' })).toBeEnabled();
    await shot(page, 'test-failed');
    expect(await page.content()).not.toContain('not-the-password');

    // Cancel removes the record the wizard created for its test.
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(emulator.admin.username) })).toHaveCount(0);
  });

  test('a bad account identifier is refused next to the field', async ({ page }) => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'New connection' }).click();
    const field = page.getByLabel('Account identifier');
    await field.fill('my org!');
    await expect(page.getByRole('alert')).toContainText('not a Snowflake account identifier');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Account' })).toBeVisible();
    await shot(page, 'account-error');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
  });
});
