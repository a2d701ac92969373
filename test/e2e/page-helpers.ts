import { expect, type Locator, type Page } from '@playwright/test';
import type { EmulatorHandle } from '../emulators/snowflake';
import { emulatorConnectionDraft } from '../helpers/fixtures';
import type { HostClient } from '../helpers/ws-client';
import { screenshotPath } from './floe-host';

/** The "Demo warehouse" connection to the emulator, its password in the keychain; returns its id. */
export async function addDemoConnection(client: HostClient, emulator: EmulatorHandle): Promise<string> {
  const connection = await client.value<{ id: string }>('connections.create', emulatorConnectionDraft(emulator, emulator.admin.username, { name: 'Demo warehouse' }));
  await client.value('secrets.set', { ref: { kind: 'connection', id: connection.id, field: 'password' }, value: emulator.admin.password });
  return connection.id;
}

/** The page scrolls inside <main>: grow the viewport to the content so the shot shows all of it. */
export async function mainShot(page: Page, name: string): Promise<void> {
  const height = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 800);
  await page.setViewportSize({ width: 1280, height: Math.max(800, Math.min(height, 4000)) });
  await page.screenshot({ path: screenshotPath(name) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** A run counter's number as shown (`counter-sent` …), separators dropped. */
export async function counter(scope: Locator, name: string): Promise<number> {
  const text = await scope.getByTestId(`counter-${name}`).textContent();
  return Number((text ?? '').replace(/\D/g, ''));
}

/** The mapping editor's field names, in order. */
export const ruleTargets = (form: Locator): Promise<string[]> =>
  form
    .getByRole('table', { name: 'Mapping rules' })
    .getByRole('combobox', { name: /^Field \d+ name$/ })
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));

/** Goes to a step of the sync editor by its title: "Query", "Destination", "Mapping", "Strategy and schedule", "Dry run and save". */
export async function editorStep(form: Locator, title: string): Promise<void> {
  await form.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: new RegExp(`^${title}`) }).click();
}

/** Saves a new sync from the editor's last step: its own page opens; then back to the list of syncs. */
export async function saveNewSync(page: Page, form: Locator, name: string): Promise<void> {
  await editorStep(form, 'Dry run and save');
  await form.getByRole('button', { name: 'Save sync' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name, { timeout: 30_000 });
  await page.getByRole('link', { name: '← All syncs' }).click();
}
