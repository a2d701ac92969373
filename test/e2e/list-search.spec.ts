import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { Run } from '../../shared/schemas';
import { SEED, type EmulatorHandle } from '../emulators/snowflake';
import { syncDraft } from '../helpers/fixtures';
import type { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, screenshotPath, test, type FloeHost } from './floe-host';
import { closeWorkspace, openWorkspace } from './workspace';

// Issue 13 §3: search on the syncs, destinations and runs lists, typed into each page's own box.
// Its own host and emulator: the syncs and runs made here must not reach other specs' pages.
let emulator: EmulatorHandle;
let host: FloeHost;
let client: HostClient;
let failedRun: Run;

test.beforeAll(async () => {
  let connectionId: string;
  ({ emulator, host, client, connectionId } = await openWorkspace({ emulator: { rows: 50 } }));
  const folder = path.join(host.home, 'exports');
  fs.mkdirSync(folder);
  const files = await client.value<{ id: string }>('destinations.create', { name: 'Nightly files', kind: 'file', settings: { directory: folder, format: 'csv' } });
  // Nothing listens on port 9; no run here gets as far as sending.
  const crm = await client.value<{ id: string }>('destinations.create', { name: 'CRM webhook', kind: 'http', settings: { url: 'http://127.0.0.1:9/crm' } });
  const create = (name: string, destinationId: string, over: Parameters<typeof syncDraft>[2] = {}) =>
    client.value<{ id: string }>('syncs.create', syncDraft(connectionId, destinationId, { name, strategy: 'full', primaryKey: [], mapping: { rules: [], passThrough: true }, schedule: { kind: 'manual' }, ...over }));
  const orders = await create('Orders to CRM', crm.id, { query: 'SELECT * FROM NO_SUCH_TABLE' });
  const events = await create('Events export', files.id, { query: `SELECT EVENT_ID, EVENT_NAME FROM ${SEED.tables.events}` });
  await create('Users nightly', files.id, { query: `SELECT EVENT_ID FROM ${SEED.tables.events}`, enabled: false });
  failedRun = await runToEnd(orders.id);
  expect(failedRun.status).toBe('failed');
  expect((await runToEnd(events.id)).status).toBe('succeeded');
});
test.afterAll(() => closeWorkspace({ emulator, host, client }));

async function runToEnd(syncId: string): Promise<Run> {
  const run = await client.value<Run>('syncs.run', { id: syncId });
  await expect.poll(async () => (await client.value<Run>('runs.get', { id: run.id })).finishedAt, { timeout: 60_000 }).not.toBeNull();
  return client.value<Run>('runs.get', { id: run.id });
}

async function open(page: Page, name: 'Syncs' | 'Destinations' | 'Runs') {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** The first cell's main text of each body row: a sync's or destination's name. */
const rowNames = (table: Locator, cell: string) => table.locator(`tbody tr ${cell}`);

test('the syncs list filters as you type: by name, destination, connection and status; says how many; offers to clear a search that finds none', async ({ page }) => {
  const errors = pageErrors(page);
  await open(page, 'Syncs');
  const table = page.getByRole('table', { name: 'Syncs' });
  const names = rowNames(table, 'a.sync-link');
  const search = page.getByRole('searchbox', { name: 'Search syncs' });
  const shown = page.locator('.list-search-count');
  await expect(names).toHaveText(['Events export', 'Orders to CRM', 'Users nightly']);
  await expect(shown).toHaveText('');

  await search.fill('ORDERS');
  await expect(names).toHaveText(['Orders to CRM']);
  await expect(shown).toHaveText('1 of 3 syncs');

  // The destination's name: "Nightly files" is Events export's, and Users nightly is named so.
  await search.fill('nightly');
  await expect(names).toHaveText(['Events export', 'Users nightly']);
  await expect(shown).toHaveText('2 of 3 syncs');
  await search.fill('nightly files export');
  await expect(names).toHaveText(['Events export']);

  // The status words the list shows.
  await search.fill('failing');
  await expect(names).toHaveText(['Orders to CRM']);
  await search.fill('paused');
  await expect(names).toHaveText(['Users nightly']);

  await search.fill('demo warehouse');
  await expect(names).toHaveCount(3);
  await expect(shown).toHaveText('3 of 3 syncs');
  await page.screenshot({ path: screenshotPath('list-search-syncs') });

  await search.fill('salesforce');
  await expect(table).toHaveCount(0);
  const none = page.getByRole('region', { name: 'No sync matches “salesforce”' });
  await expect(none).toBeVisible();
  await expect(shown).toHaveText('0 of 3 syncs');
  await page.screenshot({ path: screenshotPath('list-search-syncs-none') });
  await none.getByRole('button', { name: 'Clear search' }).click();
  await expect(search).toHaveValue('');
  await expect(names).toHaveCount(3);
  await expect(shown).toHaveText('');

  // The search stays while a sync's own page is open, and is there on the way back.
  await search.fill('orders');
  await names.first().click();
  await page.getByRole('link', { name: '← All syncs' }).click();
  await expect(search).toHaveValue('orders');
  await expect(names).toHaveText(['Orders to CRM']);
  expect(errors).toEqual([]);
});

test('the destinations list filters by name, type and where it sends', async ({ page }) => {
  const errors = pageErrors(page);
  await open(page, 'Destinations');
  const table = page.getByRole('table', { name: 'Destinations' });
  const names = rowNames(table, 'td:first-child');
  const search = page.getByRole('searchbox', { name: 'Search destinations' });
  const shown = page.locator('.list-search-count');
  await expect(names).toHaveCount(2);

  await search.fill('csv');
  await expect(names).toHaveText(['Nightly files']);
  await expect(shown).toHaveText('1 of 2 destinations');
  await search.fill('HTTP endpoint');
  await expect(names).toHaveText(['CRM webhook']);
  await search.fill('127.0.0.1:9');
  await expect(names).toHaveText(['CRM webhook']);
  await search.fill(path.join(host.home, 'exports'));
  await expect(names).toHaveText(['Nightly files']);
  await page.screenshot({ path: screenshotPath('list-search-destinations') });

  await search.fill('amplitude');
  await expect(table).toHaveCount(0);
  const none = page.getByRole('region', { name: 'No destination matches “amplitude”' });
  await expect(none).toBeVisible();
  await expect(shown).toHaveText('0 of 2 destinations');
  await none.getByRole('button', { name: 'Clear search' }).click();
  await expect(names).toHaveCount(2);
  await expect(search).toHaveValue('');
  expect(errors).toEqual([]);
});

test('the runs list finds a failed run by its error’s text and a sync’s runs by its name; Clear filters clears the search', async ({ page }) => {
  const errors = pageErrors(page);
  // A word of the error as core recorded it: the missing table's name.
  expect(failedRun.error?.message).toContain('NO_SUCH_TABLE');
  await open(page, 'Runs');
  const table = page.getByRole('table', { name: 'Runs' });
  const syncNames = table.locator('tbody tr .run-open');
  const search = page.getByRole('searchbox', { name: 'Search runs' });
  const status = page.locator('.history-count');
  await expect(syncNames).toHaveCount(2);

  await search.fill('no_such_table');
  await expect(syncNames).toHaveText(['Orders to CRM: open this run']);
  await expect(status).toHaveText('1 run, newest first.');
  await expect(table.getByRole('row', { name: /Orders to CRM/ })).toContainText('Failed');
  await page.screenshot({ path: screenshotPath('list-search-runs') });

  await search.fill('events export');
  await expect(syncNames).toHaveText(['Events export: open this run']);

  // The start of a run's id finds that run.
  await search.fill(failedRun.id.slice(0, 8));
  await expect(syncNames).toHaveText(['Orders to CRM: open this run']);

  // A percent sign is a character to find, not a wildcard: no run's text has one.
  await search.fill('%');
  await expect(table).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'No runs match these filters' })).toContainText('Check the search’s spelling');

  await page.getByRole('form', { name: 'Filter runs' }).getByRole('button', { name: 'Clear filters' }).click();
  await expect(search).toHaveValue('');
  await expect(syncNames).toHaveCount(2);
  expect(errors).toEqual([]);
});
