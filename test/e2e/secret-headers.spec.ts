import type { Page } from '@playwright/test';
import type { HttpFakeHandle } from '../emulators/destinations/http';
import { SEED, type EmulatorHandle } from '../emulators/snowflake';
import { syncDraft } from '../helpers/fixtures';
import { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, screenshotPath, test, type FloeHost } from './floe-host';
import { mainShot } from './page-helpers';
import { closeWorkspace, openWorkspace } from './workspace';

// Issue 15 §1.2 as a user meets it: an endpoint that wants a bearer token and an X-Api-Key
// header. The key typed as a plain header or in the URL is refused with where it belongs; as a
// secret header it goes to the keychain, shows as saved, reaches the endpoint, and never comes
// back to the page or over the host's WebSocket.
const TOKEN = 'E2E-BEARER-TOKEN-3b7e';
const KEY = 'E2E-SECRET-HEADER-8c1f';
let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let host: FloeHost;
let client: HostClient;
let connectionId: string;

test.beforeAll(async () => {
  ({ emulator, fake, host, client, connectionId } = await openWorkspace({ emulator: { rows: 50 }, fake: { auth: { bearer: TOKEN }, requiredHeaders: { 'X-Api-Key': KEY } } }));
});
test.afterAll(() => closeWorkspace({ emulator, fake, host, client }));

/** The form as a person sees it at a laptop's size, every action in view. */
async function smallShot(page: Page, name: string) {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: screenshotPath(name) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('a secret header is typed once, kept in the keychain, shown as saved, and sent; credentials as plain settings are refused', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = pageErrors(page);
  await page.goto(`${host.url}#/destinations`);
  await page.getByRole('button', { name: 'New destination' }).click();
  const form = page.getByRole('form', { name: 'New destination' });
  await form.getByLabel('Name').fill('Keyed endpoint');

  // The key in the URL, then as a plain header: each refused beside its field, saying where it goes.
  await form.getByLabel('Endpoint URL').fill(`${fake.url}?api_key=${KEY}`);
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(form.getByText(/The URL’s “api_key” parameter is a credential: .*secret header/)).toBeVisible();
  await form.getByLabel('Endpoint URL').fill(fake.url);
  await form.getByRole('button', { name: 'Add header' }).click();
  await form.getByLabel('Header 1 name').fill('X-Api-Key');
  await form.getByLabel('Header 1 value').fill(KEY);
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(form.getByText('“X-Api-Key” is a credential: add it as a secret header (kept in the keychain) instead.')).toBeVisible();
  await mainShot(page, 'secret-headers-refused');
  await form.getByRole('button', { name: 'Remove header 1' }).click();

  // As a secret header, with a bearer token beside it: both asked for, both saved.
  await form.getByRole('button', { name: 'Add secret header' }).click();
  await expect(form.getByLabel('Secret header 1 value')).toBeDisabled();
  await form.getByLabel('Secret header 1 name').fill('X-Api-Key');
  await form.getByLabel('Authentication').selectOption('bearer');
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(form.getByText('Enter the value of X-Api-Key.')).toBeVisible();
  await expect(form.getByText('Paste the token the endpoint expects.')).toBeVisible();
  await mainShot(page, 'secret-headers-missing');
  await form.getByLabel('Secret header 1 value').fill(KEY);
  await form.getByLabel('Token').fill(TOKEN);
  await mainShot(page, 'secret-headers-new');
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Its token and X-Api-Key are saved in the keychain.' })).toBeVisible();

  // Edited: each shows as saved, write-only; nothing of either is on the page.
  await page.getByRole('row', { name: /Keyed endpoint/ }).getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit Keyed endpoint' });
  await expect(edit.getByText('Saved in the keychain')).toHaveCount(2);
  await expect(page.locator('input[type=password]')).toHaveCount(0);
  expect(await page.content()).not.toMatch(new RegExp(`${KEY}|${TOKEN}`));
  await mainShot(page, 'secret-headers-saved');
  await smallShot(page, 'secret-headers-saved-1024');
  await page.setViewportSize({ width: 1024, height: 700 });
  const replace = edit.getByRole('button', { name: 'Replace X-Api-Key' });
  await replace.scrollIntoViewIfNeeded();
  await expect(replace).toBeInViewport();
  await replace.click();
  await expect(edit.getByLabel('Secret header 1 value')).toHaveValue('');
  await expect(edit.getByRole('button', { name: 'Replace token' })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await edit.getByRole('button', { name: 'Cancel' }).click();

  // The endpoint gets both; the host's answers carry neither.
  const client = await HostClient.connect(host.url);
  const destinations = await client.invoke('destinations.list');
  expect(JSON.stringify(destinations)).not.toMatch(new RegExp(`${KEY}|${TOKEN}`));
  const destinationId = (destinations as { value: Array<{ id: string; name: string }> }).value.find((d) => d.name === 'Keyed endpoint')!.id;
  const sync = await client.value<{ id: string }>('syncs.create', syncDraft(connectionId, destinationId, { name: 'Keyed events', query: `SELECT EVENT_ID, EVENT_NAME FROM ${SEED.tables.events} LIMIT 4`, schedule: { kind: 'manual' } }));
  const dry = await client.invoke('syncs.dryRun', { id: sync.id, sampleSize: 2 });
  expect(JSON.stringify(dry)).toContain('"X-Api-Key":"••••••"');
  expect(JSON.stringify(dry)).not.toMatch(new RegExp(`${KEY}|${TOKEN}`));
  const started = await client.value<{ id: string }>('syncs.run', { id: sync.id });
  await expect.poll(async () => (await client.value<{ status: string }>('runs.get', { id: started.id })).status, { timeout: 60_000 }).toBe('succeeded');
  expect(fake.accepted()).toHaveLength(4);
  client.close();
  expect(errors).toEqual([]);
});
