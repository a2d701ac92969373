import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import type { Locator, Page } from '@playwright/test';
import { SEED, startEmulator, type EmulatorHandle } from '../emulators/snowflake';
import { emulatorConnectionDraft, syncDraft } from '../helpers/fixtures';
import { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, screenshotPath, startFloe, test, type FloeHost } from './floe-host';
import { addDemoConnection } from './page-helpers';

// Issue 13, part C, as a user meets it: a setup wizard closed mid-way saves nothing, a connection
// is edited in place, Settings holds the default time zone and the data folder, and a file
// destination takes an absolute folder that Floe offers to create rather than creating it itself.
// Its own host and emulator: the connections and destinations it leaves must not reach other specs.
let emulator: EmulatorHandle;
let host: FloeHost;
let client: HostClient;
let scratch: string;

test.beforeAll(async () => {
  emulator = await startEmulator({ rows: 50 });
  host = await startFloe();
  client = await HostClient.connect(host.url);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-e2e-folders-'));
});
test.afterAll(async () => {
  client?.close();
  await host?.stop();
  await emulator?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

/** The view at a small laptop's window and a large one, `locator` scrolled into view. */
async function shots(page: Page, name: string, locator?: Locator) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    if (locator) await locator.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath(`setup-${name}-${size.width}`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The whole page at both widths: the viewport grows to the content of <main>, which is what scrolls. */
async function fullShots(page: Page, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const height = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? size.height);
    await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 4000)) });
    await page.screenshot({ path: screenshotPath(`setup-${name}-${size.width}`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * What the OS keychain holds for a key pair, read from outside Floe (service "Floe", account
 * `key:<id>:<field>`), entry by entry: the login keyring is shared with whatever else runs here.
 */
async function keyInKeychain(id: string): Promise<{ privateKey: boolean; passphrase: boolean }> {
  const has = async (field: string) => (await new AsyncEntry('Floe', `key:${id}:${field}`, { linux: { store: 'secret-service' } }).getPassword()) != null;
  return { privateKey: await has('privateKey'), passphrase: await has('passphrase') };
}

/** The calls a page makes to Floe over the headless host's WebSocket, with their answers. */
function watchCalls(page: Page): Array<{ channel: string; input: unknown; value?: unknown }> {
  const calls: Array<{ id: number; channel: string; input: unknown; value?: unknown }> = [];
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { type: string; id: number; channel: string; input: unknown };
      if (message.type === 'invoke') calls.push({ id: message.id, channel: message.channel, input: message.input });
    });
    socket.on('framereceived', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { type: string; id: number; result?: { ok: boolean; value?: unknown } };
      const call = message.type === 'result' ? calls.find((c) => c.id === message.id) : undefined;
      if (call && message.result?.ok) call.value = message.result.value;
    });
  });
  return calls;
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

async function wizardToTestStep(page: Page, auth: 'keypair' | 'password') {
  await nav(page, 'Connections');
  await page.getByRole('button', { name: 'New connection' }).first().click();
  await page.getByLabel('Account identifier').fill(emulator.account.toLowerCase());
  await expect(page.getByText('Understood')).toBeVisible();
  await page.getByText('Advanced').click();
  await page.getByLabel('Private endpoint URL').fill(emulator.accessUrl);
  await page.getByRole('button', { name: 'Next' }).click();
  if (auth === 'keypair') {
    await page.getByRole('button', { name: 'Generate key pair' }).click();
    await expect(page.getByTestId('key-fingerprint')).toHaveText(/^SHA256:/);
  } else {
    await page.getByRole('radio', { name: /^Password/ }).check();
  }
  await page.getByRole('button', { name: 'Next' }).click();
  const user = auth === 'keypair' ? 'FLOE_USER' : emulator.admin.username;
  await page.getByLabel('User', { exact: true }).fill(user);
  await page.getByLabel('Role', { exact: true }).fill(auth === 'keypair' ? 'FLOE_ROLE' : 'SYSADMIN');
  await page.getByLabel('Warehouse', { exact: true }).fill(emulator.warehouse);
  await page.getByLabel('Database', { exact: true }).fill(emulator.database);
  await page.getByLabel('Schema', { exact: true }).fill(emulator.schema);
  if (auth === 'password') await page.getByLabel(`Password for ${user}`).fill(emulator.admin.password);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Test' })).toBeVisible();
}

test.describe('setup, connections, settings and file folders', () => {
  test('§1.8 closing the setup wizard at its test step leaves no connection, no key and no secret', async ({ browser }) => {
    // A key pair whose setup SQL was never run: the test fails, as it does for a user who closes the window to go and ask an admin.
    let page = await browser.newPage();
    const errors = pageErrors(page);
    let calls = watchCalls(page);
    await page.goto(host.url);
    await wizardToTestStep(page, 'keypair');
    await expect(page.getByRole('alert').first()).toBeVisible({ timeout: 30_000 });
    await shots(page, 'wizard-test-failed');
    const keyId = (calls.find((c) => c.channel === 'keys.generate')?.value as { id: string } | undefined)?.id;
    expect(keyId).toBeTruthy();
    // Nothing exists yet: the test ran on the unsaved draft.
    expect(await client.value<unknown[]>('connections.list')).toEqual([]);
    expect(await client.value<unknown[]>('keys.list')).toEqual([]);
    await page.close(); // the window closes mid-way

    // A password that works: the test passes, then the window closes before Save.
    page = await browser.newPage();
    errors.push(...pageErrors(page));
    calls = watchCalls(page);
    await page.goto(host.url);
    await wizardToTestStep(page, 'password');
    await expect(page.getByText('Passed', { exact: true })).toBeVisible({ timeout: 30_000 });
    expect(await client.value<unknown[]>('connections.list')).toEqual([]);
    // The password went to core for the test only: nothing asked to create a connection or to store a secret.
    expect(calls.map((c) => c.channel)).toContain('connections.testDraft');
    expect(calls.filter((c) => ['connections.create', 'connections.update', 'secrets.set'].includes(c.channel))).toEqual([]);
    await page.close();

    // Floe opened again: no connection in the list or in core, no key pair, nothing in the keychain for the draft key.
    page = await browser.newPage();
    await page.goto(host.url);
    await nav(page, 'Connections');
    await expect(page.getByText('No Snowflake connection yet')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Connections' })).toHaveCount(0);
    expect(await client.value<unknown[]>('connections.list')).toEqual([]);
    expect(await client.value<unknown[]>('keys.list')).toEqual([]);
    expect(await client.value('secrets.has', { ref: { kind: 'key', id: keyId, field: 'privateKey' } })).toEqual({ present: false });
    expect(await keyInKeychain(keyId!)).toEqual({ privateKey: false, passphrase: false });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the wizard saves the draft it tested: the key pair reaches the keychain only on Save', async ({ page }) => {
    const calls = watchCalls(page);
    await page.goto(host.url);
    await wizardToTestStep(page, 'keypair');
    await expect(page.getByRole('alert').first()).toBeVisible({ timeout: 30_000 });
    const keyId = (calls.find((c) => c.channel === 'keys.generate')?.value as { id: string }).id;
    // The admin runs the setup SQL the wizard wrote; the test passes on the same draft key.
    await page.getByRole('button', { name: 'Back' }).click();
    const sql = (await page.getByLabel('Setup SQL', { exact: true }).textContent())!;
    for (const statement of sql.split('\n').filter((l) => !l.trim().startsWith('--')).join('\n').split(';').map((s) => s.trim()).filter(Boolean)) {
      await emulator.sql(statement);
    }
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText('Passed', { exact: true })).toBeVisible({ timeout: 30_000 });
    expect(await keyInKeychain(keyId)).toEqual({ privateKey: false, passphrase: false });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Connection name').fill('Key pair warehouse');
    await page.getByRole('button', { name: 'Save connection' }).click();

    const row = page.getByRole('row', { name: /^Key pair warehouse/ });
    await expect(row).toContainText('Working', { timeout: 30_000 });
    const connection = (await client.value<Array<{ id: string; keyId: string; name: string }>>('connections.list')).find((c) => c.name === 'Key pair warehouse');
    expect(connection?.keyId).toBe(keyId);
    expect(await client.value<Array<{ id: string }>>('keys.list')).toEqual([expect.objectContaining({ id: keyId })]);
    expect(await keyInKeychain(keyId)).toEqual({ privateKey: true, passphrase: false });
    await shots(page, 'wizard-saved');
    // Deleting it takes its key pair out of the keychain again.
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete Key pair warehouse and its secrets' }).click();
    await expect(row).toHaveCount(0);
    expect(await keyInKeychain(keyId)).toEqual({ privateKey: false, passphrase: false });
  });

  test('Edit changes a connection’s fields in place; its saved password still signs in', async ({ page }) => {
    const errors = pageErrors(page);
    const id = await addDemoConnection(client, emulator);
    await emulator.sql('CREATE WAREHOUSE IF NOT EXISTS REPORTING_WH');
    await page.goto(host.url);
    await nav(page, 'Connections');
    const row = page.getByRole('row', { name: /Demo warehouse/ });
    await row.getByRole('button', { name: 'Edit' }).click();

    // The fields, in place in the list: no wizard.
    const form = page.getByRole('form', { name: 'Edit Demo warehouse' });
    await expect(form).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Setup steps' })).toHaveCount(0);
    await expect(form.getByLabel('Warehouse', { exact: true })).toHaveValue(emulator.warehouse);
    await expect(form.getByLabel('Account identifier')).toHaveValue(emulator.account.toLowerCase());

    // Validated like a new connection, beside the fields.
    await form.getByLabel('Name', { exact: true }).fill('');
    await form.getByLabel('Private endpoint URL').fill('not a url');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form.getByText('Give the connection a name.')).toBeVisible();
    await expect(form.getByText(/Enter a full URL/)).toBeVisible();
    await shots(page, 'edit-refused', form);

    await form.getByLabel('Name', { exact: true }).fill('Reporting warehouse');
    await form.getByLabel('Private endpoint URL').fill(emulator.accessUrl);
    await form.getByLabel('Warehouse', { exact: true }).fill('REPORTING_WH');
    await shots(page, 'edit-filled', form);
    await form.getByRole('button', { name: 'Save changes' }).click();

    const renamed = page.getByRole('row', { name: /^Reporting warehouse/ });
    await expect(renamed).toBeVisible();
    await expect(page.getByRole('row', { name: /Demo warehouse/ })).toHaveCount(0);
    // A changed warehouse is a change to how it signs in: untested until tested.
    await expect(renamed).toContainText('Not tested');
    const saved = (await client.value<Array<{ id: string; name: string; warehouse: string; authKind: string }>>('connections.list')).find((c) => c.id === id);
    expect(saved).toMatchObject({ name: 'Reporting warehouse', warehouse: 'REPORTING_WH', authKind: 'password' });

    await renamed.getByRole('button', { name: 'Test', exact: true }).click();
    const result = page.getByRole('region', { name: 'Test of Reporting warehouse' });
    await expect(result).toContainText('Passed', { timeout: 30_000 });
    await expect(result.getByRole('definition').filter({ hasText: 'REPORTING_WH' })).toHaveCount(1);
    await expect(renamed).toContainText('Working');
    await shots(page, 'edit-tested');
    expect(errors).toEqual([]);
  });

  test('Settings: a default time zone for new schedules, and the data folder with Copy', async ({ browser }) => {
    // A new sync needs a connection and a destination to start from.
    if ((await client.value<unknown[]>('connections.list')).length === 0) await addDemoConnection(client, emulator);
    await client.value('destinations.create', { name: 'Zone webhook', kind: 'http', settings: { url: 'http://127.0.0.1:9/hook' } });
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(host.url);
    await nav(page, 'Settings');

    const zone = page.getByLabel('Default time zone');
    await zone.fill('Mars/Olympus');
    await zone.press('Enter');
    await expect(page.locator('#pref-timezone-error')).toContainText('Unknown time zone');
    await zone.fill('Asia/Tokyo');
    await zone.press('Enter');
    await expect(page.locator('#pref-timezone-error')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
    expect(await client.value('preferences.get')).toMatchObject({ defaultTimeZone: 'Asia/Tokyo' });

    // The data folder, with Copy: a browser cannot open a folder on this computer.
    const data = page.getByRole('region', { name: 'Data' });
    await expect(data).toContainText(host.home);
    await expect(data.getByRole('button', { name: 'Open' })).toHaveCount(0);
    await data.getByRole('button', { name: 'Copy data folder path' }).click();
    await expect(data.getByText('Copied', { exact: true })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(host.home);
    const refused = await client.invoke('app.openDataFolder');
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_in_browser' } });
    await shots(page, 'settings');
    await fullShots(page, 'settings-full');

    // Kept after a reload, and the zone a new sync's schedule starts in.
    await page.reload();
    await expect(page.getByLabel('Default time zone')).toHaveValue('Asia/Tokyo');
    await nav(page, 'Syncs');
    await page.getByRole('button', { name: 'New sync' }).first().click();
    // The editor in steps (issue 13 §2): the schedule is on its "Strategy and schedule" step.
    const steps = page.getByRole('navigation', { name: 'Steps' });
    if ((await steps.count()) > 0) await steps.getByRole('button', { name: /Strategy and schedule/ }).click();
    await page.getByLabel('Runs', { exact: true }).selectOption({ label: 'On days of the week, at a time' });
    await expect(page.getByLabel('Time zone', { exact: true })).toHaveValue('Asia/Tokyo');
    await expect(page.getByRole('region', { name: 'Next runs' }).getByRole('listitem').first()).toContainText('Asia/Tokyo');

    // Back to the computer's zone.
    await nav(page, 'Settings');
    await page.getByRole('button', { name: /Use this computer’s/ }).click();
    await expect.poll(async () => ((await client.value('preferences.get')) as { defaultTimeZone: string | null }).defaultTimeZone).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a file destination takes an absolute folder, offers to create a missing one, and a run never creates it', async ({ page }) => {
    const errors = pageErrors(page);
    const folder = path.join(scratch, 'exports', 'daily');
    await page.goto(host.url);
    await nav(page, 'Destinations');
    await page.getByRole('button', { name: 'New destination' }).first().click();
    const form = page.getByRole('form', { name: 'New destination' });
    await form.getByRole('radio', { name: /^File/ }).check();
    await form.getByLabel('Name', { exact: true }).fill('Daily exports');

    // A relative folder is refused at the field: relative to what?
    const field = form.getByLabel('Folder', { exact: true });
    await field.fill('exports/daily');
    await form.getByRole('button', { name: 'Save destination' }).click();
    await expect(form.locator('#destination-directory-error')).toContainText('full path');
    const relative = await client.invoke('destinations.create', { name: 'Relative', kind: 'file', settings: { directory: 'exports/daily' } });
    expect(relative).toMatchObject({ ok: false, error: { code: 'invalid_settings', fields: { directory: expect.stringContaining('full path') } } });

    // A missing folder is offered to be created, and is not created until asked.
    await field.fill(folder);
    await field.blur();
    const offer = form.getByRole('button', { name: `Create folder ${folder}` });
    await expect(offer).toBeVisible();
    await expect(form.getByText('This folder does not exist yet.')).toBeVisible();
    await shots(page, 'file-folder-missing', form);
    await form.getByRole('button', { name: 'Save destination' }).click();
    await expect(form.locator('#destination-directory-error')).toContainText('does not exist');
    expect(fs.existsSync(folder)).toBe(false);
    await offer.click();
    await expect(form.getByText('Folder created.')).toBeVisible();
    expect(fs.statSync(folder).isDirectory()).toBe(true);
    await form.getByRole('button', { name: 'Save destination' }).click();
    await expect(page.getByRole('row', { name: /Daily exports/ })).toContainText(folder);
    await shots(page, 'file-saved');

    // The folder goes away; a run fails saying so, and does not create it behind the user's back.
    fs.rmSync(folder, { recursive: true });
    const connection = await client.value<{ id: string }>('connections.create', emulatorConnectionDraft(emulator, emulator.admin.username, { name: 'Files warehouse' }));
    await client.value('secrets.set', { ref: { kind: 'connection', id: connection.id, field: 'password' }, value: emulator.admin.password });
    const [destination] = (await client.value<Array<{ id: string; kind: string }>>('destinations.list')).filter((d) => d.kind === 'file');
    const sync = await client.value<{ id: string }>(
      'syncs.create',
      syncDraft(connection.id, destination!.id, { name: 'Users to a file', query: `SELECT USER_ID, EMAIL FROM ${SEED.tables.users}`, primaryKey: ['USER_ID'], mapping: { rules: [], passThrough: true }, schedule: { kind: 'manual' } }),
    );
    const run = await client.value<{ id: string }>('syncs.run', { id: sync.id });
    await expect.poll(async () => (await client.value<{ status: string }>('runs.get', { id: run.id })).status, { timeout: 30_000 }).toBe('failed');
    const failed = await client.value<{ error: { message: string; remedy: string } }>('runs.get', { id: run.id });
    expect(failed.error.message).toContain(`The folder ${folder} does not exist`);
    expect(failed.error.remedy).toMatch(/Create it|choose another folder/);
    expect(fs.existsSync(folder)).toBe(false);
    expect(errors).toEqual([]);
  });
});
