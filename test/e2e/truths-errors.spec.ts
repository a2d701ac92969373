import type { Locator, Page } from '@playwright/test';
import type { Run } from '../../shared/schemas';
import type { HttpFakeHandle } from '../emulators/destinations/http';
import { SEED, type EmulatorHandle } from '../emulators/snowflake';
import { emulatorConnectionDraft, syncDraft } from '../helpers/fixtures';
import type { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, screenshotPath, test, type FloeHost } from './floe-host';
import { counter } from './page-helpers';
import { closeWorkspace, openWorkspace } from './workspace';

// Issue 13 §1.4 (rows a run never delivered are "not sent", not rejected) and §1.6 (SQL errors
// get the remedy of their class, not the connection's). Its own host, emulator and fake.
let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let host: FloeHost;
let client: HostClient;
let demoId: string;
let readerId: string;

const ROWS = 300;
/** A role that may read APP_EVENTS and nothing else, as a careful admin would set one up. */
const READER = { user: 'FLOE_READER_USER', password: 'reader-password', role: 'FLOE_READER' };

test.beforeAll(async () => {
  ({ emulator, fake, host, client, connectionId: demoId } = await openWorkspace({ emulator: { rows: ROWS } }));
  const schema = `${emulator.database}.${emulator.schema}`;
  for (const statement of [
    `CREATE ROLE ${READER.role}`,
    `GRANT USAGE ON WAREHOUSE ${emulator.warehouse} TO ROLE ${READER.role}`,
    `GRANT USAGE ON DATABASE ${emulator.database} TO ROLE ${READER.role}`,
    `GRANT USAGE ON SCHEMA ${schema} TO ROLE ${READER.role}`,
    `GRANT SELECT ON TABLE ${schema}.${SEED.tables.events} TO ROLE ${READER.role}`,
    `CREATE USER ${READER.user} PASSWORD = '${READER.password}' DEFAULT_ROLE = ${READER.role}`,
    `GRANT ROLE ${READER.role} TO USER ${READER.user}`,
  ]) {
    await emulator.sql(statement);
  }
  const reader = await client.value<{ id: string }>('connections.create', emulatorConnectionDraft(emulator, READER.user, { name: 'Reader', role: READER.role }));
  await client.value('secrets.set', { ref: { kind: 'connection', id: reader.id, field: 'password' }, value: READER.password });
  readerId = reader.id;
});
test.afterAll(() => closeWorkspace({ emulator, fake, host, client }));

/** A shot at a small laptop's window and one at a wide one, each of the whole page at that width. */
async function shots(page: Page, name: string) {
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    const full = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 0);
    await page.setViewportSize({ width, height: Math.max(height, Math.min(full, 4000)) });
    await page.screenshot({ path: screenshotPath(`truths-errors-${name}-${width}`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function finished(runId: string): Promise<Run> {
  await expect.poll(async () => (await client.value<Run>('runs.get', { id: runId })).finishedAt, { timeout: 90_000 }).not.toBeNull();
  return client.value<Run>('runs.get', { id: runId });
}

/** Clicks Run now on a sync's row and waits for the run it started to finish. */
async function runNow(page: Page, sync: string): Promise<Run> {
  await page.getByRole('link', { name: 'Syncs' }).click();
  const before = new Set((await client.value<Run[]>('runs.list', { limit: 500 })).map((r) => r.id));
  await page.getByRole('row', { name: new RegExp(sync) }).getByRole('button', { name: 'Run now' }).click();
  let started: Run | undefined;
  await expect.poll(async () => (started = (await client.value<Run[]>('runs.list', { limit: 500 })).find((r) => !before.has(r.id)))?.id, { timeout: 30_000 }).toBeTruthy();
  return finished(started!.id);
}

async function openRun(page: Page, runId: string): Promise<Locator> {
  await page.evaluate((id) => (location.hash = `/runs/${id}`), runId);
  const detail = page.getByRole('article', { name: 'Run details' });
  await expect(detail.getByTestId('run-status')).toBeVisible();
  return detail;
}

test('a destination that cannot be reached: its rows are not sent, not rejected, and the next run sends every one of them', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = pageErrors(page);
  // The name cannot resolve (.invalid is reserved): every attempt fails with a DNS error.
  const destination = await client.value<{ id: string; name: string; kind: string; settings: Record<string, unknown> }>('destinations.create', {
    name: 'Endpoint behind a typo',
    kind: 'http',
    settings: { url: 'http://no-such-host.invalid/ingest', batchSize: 100, concurrency: 1, maxAttempts: 2, timeoutMs: 5_000 },
  });
  // Incremental by a timestamp column: the watermark must not pass rows that were never sent.
  await client.value(
    'syncs.create',
    syncDraft(demoId, destination.id, {
      name: 'Events behind a typo',
      query: `SELECT EVENT_ID, EVENT_NAME, USER_ID, EVENT_TIMESTAMP FROM ${SEED.tables.events}`,
      strategy: 'incremental',
      watermarkColumn: 'EVENT_TIMESTAMP',
      primaryKey: ['EVENT_ID'],
      mapping: { rules: [], passThrough: true },
      schedule: { kind: 'manual' },
    }),
  );
  const [{ N: total }] = (await emulator.sql(`SELECT COUNT(*) AS N FROM ${SEED.tables.events}`)) as [{ N: number }];

  await page.goto(host.url);
  const down = await runNow(page, 'Events behind a typo');
  expect(down.status).toBe('failed');
  expect(down.error?.code).toBe('destination_unreachable');
  // Every row read is accounted for, and none of them was refused by anyone.
  expect(down.counters.rejected).toBe(0);
  expect(down.counters.sent).toBe(0);
  expect(down.counters.skipped).toBe(down.counters.read);
  expect(down.counters.read).toBeGreaterThan(0);
  expect(await client.value<unknown[]>('runs.rejected', { runId: down.id, limit: 1000 })).toEqual([]);

  const detail = await openRun(page, down.id);
  await expect(detail.getByTestId('run-status')).toHaveText('Failed');
  const counters = detail.getByRole('region', { name: 'Run counters' });
  expect(await counter(counters, 'rejected')).toBe(0);
  expect(await counter(counters, 'skipped')).toBe(down.counters.read);
  await expect(counters.locator('.counter-skipped dt')).toHaveText('Not sent');
  await expect(counters).toContainText('sent again by the next run');
  await expect(detail.getByRole('region', { name: 'Rejected rows' })).toContainText('No row was rejected.');
  await expect(detail.getByRole('button', { name: 'Retry rejected rows' })).toHaveCount(0);
  await shots(page, 'not-sent-run');

  // The typo fixed: the next run sends every row the first one did not, and the fake holds them all.
  await client.value('destinations.update', { id: destination.id, draft: { name: destination.name, kind: destination.kind, settings: { ...destination.settings, url: fake.url } } });
  const again = await runNow(page, 'Events behind a typo');
  expect(again.status).toBe('succeeded');
  expect(again.counters).toMatchObject({ read: total, sent: total, rejected: 0, skipped: 0 });
  const stored = fake.accepted().map((r) => r.event_id);
  expect(stored).toHaveLength(total);
  expect(new Set(stored).size).toBe(total);

  // The history's rows chart draws the failed run's rows as not sent, and nothing as rejected.
  await page.getByRole('link', { name: 'Runs' }).click();
  const rowsChart = page.getByRole('figure', { name: 'Rows per run' });
  const bar = (series: string) => rowsChart.locator(`rect[data-series="${series}"][data-run-id="${down.id}"]`);
  await expect(bar('notSent')).toHaveCount(1);
  expect(Number(await bar('notSent').getAttribute('height'))).toBeGreaterThan(0);
  expect(Number(await bar('rejected').getAttribute('height'))).toBe(0);
  await expect(rowsChart.getByRole('list', { name: 'Legend' })).toContainText('Not sent');
  // In the list, the failed run says what stopped it and where its rows are: not sent, none rejected.
  const table = page.getByRole('table', { name: 'Runs' });
  const headers = await table.getByRole('columnheader').allTextContents();
  const listed = table.getByRole('row', { name: /Events behind a typo/ }).filter({ hasText: 'Failed' });
  const cells = await listed.getByRole('cell').allTextContents();
  const cell = (name: string) => cells[headers.indexOf(name)]!.replace(/\D/g, '');
  expect(cell('Not sent')).toBe(String(down.counters.read));
  expect(cell('Rejected')).toBe('0');
  await expect(listed.locator('.run-why')).toContainText(down.error!.message.slice(0, 40));
  expect(errors).toEqual([]);
});

/** The SQL editor's text and what it marks, read through its shadow root. */
const editorMarks = (form: Locator) => form.locator('.sql-editor .cm-error-mark');

async function typeQuery(page: Page, form: Locator, sql: string) {
  const editor = form.getByRole('textbox', { name: 'SQL query' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
}

test('SQL errors get the remedy of their class: a compilation error marked where it is, a missing or hidden table with its GRANT, one statement only', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = pageErrors(page);
  const destination = await client.value<{ id: string }>('destinations.create', { name: 'Fake endpoint', kind: 'http', settings: { url: fake.url } });
  await page.goto(host.url);
  await page.getByRole('link', { name: 'Syncs' }).click();
  await page.getByRole('button', { name: 'New sync' }).first().click();
  const form = page.getByRole('form', { name: 'New sync' });
  await form.getByLabel('Connection', { exact: true }).selectOption({ label: 'Reader' });
  const notice = form.getByRole('region', { name: 'Query problem' });

  // 1. A compilation error: Snowflake's message with the line and position in the user's own query, marked in the editor.
  await typeQuery(page, form, `SELECT EVENT_ID, EVENT_NAME\nFROM ${SEED.tables.events}\nWHERE EVENT_ID = = 'evt_0000000001'`);
  await form.getByRole('button', { name: 'Preview' }).click();
  await expect(notice).toContainText('line 3 at position 17', { timeout: 30_000 });
  await expect(notice).toContainText("unexpected '='");
  await expect(notice).not.toContainText('connection settings');
  await expect(editorMarks(form)).toHaveCount(1);
  await expect(editorMarks(form)).toHaveText('=');
  await expect(form.locator('.sql-editor .cm-error-line')).toContainText('WHERE EVENT_ID = =');
  await form.locator('.sql-editor').screenshot({ path: screenshotPath('truths-errors-editor-mark') });
  await shots(page, 'compilation-error');

  // 2. A table the role may not see: named, with the GRANT for the connection's role, which works when run.
  await typeQuery(page, form, `SELECT USER_ID, EMAIL FROM ${SEED.tables.users}`);
  await form.getByRole('button', { name: 'Preview' }).click();
  const table = `${SEED.database}.${SEED.schema}.${SEED.tables.users}`;
  await expect(notice).toContainText(table, { timeout: 30_000 });
  await expect(notice).toContainText(READER.role);
  await expect(notice).not.toContainText('connection settings');
  const grant = notice.getByLabel('SQL that fixes this', { exact: true });
  await expect(grant).toContainText(`GRANT SELECT ON TABLE ${table} TO ROLE ${READER.role};`);
  await expect(editorMarks(form)).toHaveText(SEED.tables.users);
  await shots(page, 'not-authorized');
  for (const statement of ((await grant.textContent()) ?? '').split(';').filter((s) => /^\s*GRANT/i.test(s))) await emulator.sql(statement);
  await form.getByRole('button', { name: 'Preview' }).click();
  await expect(form.getByRole('table', { name: 'Preview rows' })).toContainText('user_0000001', { timeout: 30_000 });
  await expect(editorMarks(form)).toHaveCount(0);

  // 3. Two statements: said plainly, the second one marked.
  await typeQuery(page, form, `SELECT EVENT_ID FROM ${SEED.tables.events};\nSELECT USER_ID FROM ${SEED.tables.users};`);
  await form.getByRole('button', { name: 'Preview' }).click();
  await expect(notice).toContainText('one statement', { timeout: 30_000 });
  await expect(notice).not.toContainText('statement count');
  await expect(notice).not.toContainText('connection settings');
  await expect(form.locator('.sql-editor .cm-error-line')).toContainText(`SELECT USER_ID FROM ${SEED.tables.users}`);
  await shots(page, 'two-statements');

  // 4. A saved sync whose table its role may not read: the run says which table, and the GRANT.
  await form.getByRole('button', { name: 'Cancel' }).click();
  await client.value(
    'syncs.create',
    syncDraft(readerId, destination.id, { name: 'Accounts (not granted)', query: `SELECT ACCOUNT_ID, NAME FROM ${SEED.tables.accounts}`, strategy: 'full', mapping: { rules: [], passThrough: true }, schedule: { kind: 'manual' } }),
  );
  const failed = await runNow(page, 'Accounts \\(not granted\\)');
  expect(failed.status).toBe('failed');
  const accounts = `${SEED.database}.${SEED.schema}.${SEED.tables.accounts}`;
  const detail = await openRun(page, failed.id);
  const runNotice = detail.getByRole('alert').first();
  await expect(runNotice).toContainText(accounts);
  await expect(runNotice).toContainText(`GRANT SELECT ON TABLE ${accounts} TO ROLE ${READER.role};`);
  await expect(runNotice).not.toContainText('connection settings');
  await expect(runNotice).not.toContainText('below');
  await shots(page, 'not-authorized-run');
  expect(errors).toEqual([]);
});
