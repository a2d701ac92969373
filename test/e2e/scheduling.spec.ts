import type { Locator, Page } from '@playwright/test';
import type { HttpFakeHandle } from '../emulators/destinations/http';
import { SEED, type EmulatorHandle } from '../emulators/snowflake';
import { syncDraft } from '../helpers/fixtures';
import type { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, screenshotPath, test, type FloeHost } from './floe-host';
import { editorStep } from './page-helpers';
import { closeWorkspace, openWorkspace } from './workspace';

// Scheduling from a user's side: a sync made in the editor with a one-minute schedule, its next
// runs shown while editing, runs the headless host's scheduler starts on the real clock, the sync
// list's status and health, and the notifications when the endpoint starts refusing Floe's token
// (one "failed", however many runs fail) and when it takes it again (one "recovered").
// A wrong token makes the fake answer 401, which fails a run at once; an unreachable host would
// not: a scheduled run waits for the network.
const ROWS = 50;
const GOOD_TOKEN = 'scheduling-e2e-token';
/** A one-minute schedule's run is due within a minute; the scheduler looks at least every 15 s. */
const NEXT_SLOT = { timeout: 100_000 };

let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let host: FloeHost;
let client: HostClient;
let destinationId: string;

test.beforeAll(async () => {
  ({ emulator, fake, host, client } = await openWorkspace({ emulator: { rows: ROWS }, fake: { auth: { bearer: GOOD_TOKEN } } }));
  const destination = await client.value<{ id: string }>('destinations.create', { name: 'Token webhook', kind: 'http', settings: { url: fake.url, auth: 'bearer' } });
  destinationId = destination.id;
  await setToken(GOOD_TOKEN);
});
test.afterAll(() => closeWorkspace({ emulator, fake, host, client }));

const setToken = (value: string) => client.value('secrets.set', { ref: { kind: 'destination', id: destinationId, field: 'token' }, value });

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

/** The same view at a small laptop's window and a large one, `locator` scrolled into view. */
async function shots(page: Page, name: string, locator?: Locator) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    if (locator) await locator.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath(`scheduling-${name}-${size.width}x${size.height}`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

interface RunRecord {
  id: string;
  syncId: string;
  status: string;
  trigger: string;
}
const runsOf = async (syncId: string) => (await client.value<RunRecord[]>('runs.list', { syncId, limit: 50 })).filter((r) => r.trigger === 'schedule');

/** "Tue 3 Feb 09:18 UTC" → minutes since midnight. */
const minuteOf = (text: string) => {
  const [, hh, mm] = /(\d{2}):(\d{2})/.exec(text) ?? [];
  return Number(hh) * 60 + Number(mm);
};

async function openNewSync(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Syncs' }).click();
  await page.getByRole('button', { name: 'New sync' }).first().click();
  const form = page.getByRole('form', { name: 'New sync' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  return form;
}

test('the schedule editor refuses an invalid cron and an unknown time zone beside their fields, and saves nothing', async ({ page }) => {
  const errors = pageErrors(page);
  await page.goto(host.url);
  const form = await openNewSync(page, 'Refused schedule');
  await form.getByRole('textbox', { name: 'SQL query' }).click();
  await page.keyboard.insertText(`SELECT EVENT_ID FROM ${SEED.tables.events}`);
  await editorStep(form, 'Strategy and schedule');
  const nextRuns = form.getByRole('region', { name: 'Next runs' });
  await expect(nextRuns).toContainText('Runs only when you click Run now');

  await form.getByLabel('Runs', { exact: true }).selectOption({ label: 'Cron expression' });
  const cron = form.getByLabel('Cron expression');
  await expect(nextRuns.getByRole('listitem')).toHaveCount(5);
  await cron.fill('every tuesday please');
  await expect(cron).toHaveAttribute('aria-invalid', 'true');
  const cronError = form.locator('#schedule-cron-error');
  await expect(cronError).toContainText('A cron expression has five fields');
  await expect(cron).toHaveAttribute('aria-describedby', /schedule-cron-error/);
  await expect(nextRuns).toContainText('Fix the schedule to see when it runs.');

  await cron.fill('0 9 * * 1-5');
  await expect(cronError).toHaveCount(0);
  const zone = form.getByLabel('Time zone');
  await zone.fill('Mars/Olympus');
  await expect(zone).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('#schedule-timezone-error')).toContainText('Unknown time zone');
  await shots(page, 'editor-refused', form.getByRole('group', { name: 'When it runs' }));

  // Save is refused before core is asked: the editor goes back to the schedule, and no sync exists.
  await editorStep(form, 'Dry run and save');
  await form.getByRole('button', { name: 'Save sync' }).click();
  await expect(form.getByText('One thing to fix, in Strategy and schedule.')).toBeVisible();
  await expect(form.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: /^Strategy and schedule/ })).toHaveAttribute('aria-current', 'step');
  expect(await client.value<unknown[]>('syncs.list', {})).toEqual([]);

  // A zone from the list (typed to search it) puts the next runs back, at 09:00 on weekdays there.
  await zone.fill('America/New_York');
  await expect(form.locator('#schedule-timezone-error')).toHaveCount(0);
  const times = await nextRuns.getByRole('listitem').allTextContents();
  expect(times).toHaveLength(5);
  for (const time of times) expect(time).toMatch(/^(Mon|Tue|Wed|Thu|Fri) \d{1,2} \w{3}( \d{4})? 09:00 America\/New_York/);
  await form.getByRole('button', { name: 'Cancel' }).click();
  expect(errors).toEqual([]);
});

test('older interval and cron schedules load into the editor and save back unchanged; days of the week and dates of the month', async ({ page }) => {
  const errors = pageErrors(page);
  const connections = await client.value<Array<{ id: string }>>('connections.list', {});
  const LEGACY = {
    'Legacy interval': { kind: 'interval', minutes: 15, catchUp: 'skip' },
    'Legacy cron': { kind: 'cron', expression: '30 6 * * 1-5', timezone: 'Europe/Berlin', catchUp: 'once' },
  } as const;
  // Paused, so the host's scheduler leaves them alone while the other tests watch notifications.
  const made: Record<string, { id: string }> = {};
  for (const [name, schedule] of Object.entries(LEGACY)) {
    made[name] = await client.value<{ id: string }>('syncs.create', syncDraft(connections[0]!.id, destinationId, { name, schedule, enabled: false }));
  }
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Syncs' }).click();

  // Every 15 minutes on the clock: its own kind in the editor, its runs on the quarter hours.
  await page.getByRole('row', { name: /Legacy interval/ }).getByRole('button', { name: 'Edit' }).click();
  let form = page.getByRole('form', { name: 'Edit Legacy interval' });
  await editorStep(form, 'Strategy and schedule');
  await expect(form.getByLabel('Runs', { exact: true })).toHaveValue('interval');
  await expect(form.getByLabel('Every (minutes)')).toHaveValue('15');
  await expect(form.getByRole('radio', { name: 'Skip to the next scheduled time' })).toBeChecked();
  // Any sync form's: one is open at a time.
  const runs = page.getByRole('region', { name: 'Next runs' }).getByRole('listitem');
  await expect(runs).toHaveCount(5);
  for (const text of await runs.allTextContents()) expect(minuteOf(text) % 15).toBe(0);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toHaveCount(0);
  expect(await client.value<{ schedule: unknown; enabled: boolean }>('syncs.get', { id: made['Legacy interval']!.id })).toMatchObject({ schedule: LEGACY['Legacy interval'], enabled: false });
  await page.getByRole('link', { name: '← All syncs' }).click();

  // A cron expression in its zone: 06:30 on weekdays in Berlin.
  await page.getByRole('row', { name: /Legacy cron/ }).getByRole('button', { name: 'Edit' }).click();
  form = page.getByRole('form', { name: 'Edit Legacy cron' });
  await editorStep(form, 'Strategy and schedule');
  await expect(form.getByLabel('Runs', { exact: true })).toHaveValue('cron');
  await expect(form.getByLabel('Cron expression')).toHaveValue('30 6 * * 1-5');
  await expect(form.getByLabel('Time zone')).toHaveValue('Europe/Berlin');
  await expect(runs).toHaveCount(5);
  for (const text of await runs.allTextContents()) expect(text).toMatch(/^(Mon|Tue|Wed|Thu|Fri) .* 06:30 Europe\/Berlin/);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toHaveCount(0);
  expect(await client.value<{ schedule: unknown }>('syncs.get', { id: made['Legacy cron']!.id })).toMatchObject({ schedule: LEGACY['Legacy cron'] });

  // The same sync on days of the week, then on dates of the month with the last day: the next runs follow.
  await page.getByRole('link', { name: '← All syncs' }).click();
  await page.getByRole('row', { name: /Legacy cron/ }).getByRole('button', { name: 'Edit' }).click();
  await editorStep(form, 'Strategy and schedule');
  await form.getByLabel('Runs', { exact: true }).selectOption('weekly');
  const days = form.getByRole('group', { name: 'Days of the week' });
  await expect(days.getByRole('checkbox', { name: 'Friday' })).toBeChecked();
  await days.getByRole('checkbox', { name: 'Friday' }).uncheck();
  await form.getByLabel('At', { exact: true }).fill('07:45');
  await expect(runs).toHaveCount(5);
  for (const text of await runs.allTextContents()) expect(text).toMatch(/^(Mon|Tue|Wed|Thu) .* 07:45 Europe\/Berlin/);
  await shots(page, 'editor-weekly', form.getByRole('group', { name: 'When it runs' }));
  await days.getByRole('checkbox', { name: 'Monday' }).uncheck();
  await days.getByRole('checkbox', { name: 'Tuesday' }).uncheck();
  await days.getByRole('checkbox', { name: 'Wednesday' }).uncheck();
  await days.getByRole('checkbox', { name: 'Thursday' }).uncheck();
  await expect(form.locator('#schedule-days-error')).toHaveText('Choose at least one day.');

  await form.getByLabel('Runs', { exact: true }).selectOption('monthly');
  const dates = form.getByRole('group', { name: 'Dates of the month' });
  await dates.getByRole('checkbox', { name: 'Day 1', exact: true }).uncheck();
  await expect(form.locator('#schedule-dates-error')).toHaveText('Choose at least one date.');
  await dates.getByRole('checkbox', { name: 'Last day' }).check();
  await expect(runs).toHaveCount(5);
  for (const text of await runs.allTextContents()) expect(text).toMatch(/^\w{3} (28|29|30|31) \w{3}( \d{4})? 07:45 Europe\/Berlin/);
  await shots(page, 'editor-monthly', form.getByRole('group', { name: 'When it runs' }));
  await form.getByRole('button', { name: 'Cancel' }).click();
  expect(await client.value<{ schedule: unknown }>('syncs.get', { id: made['Legacy cron']!.id })).toMatchObject({ schedule: LEGACY['Legacy cron'] });

  for (const sync of Object.values(made)) await client.value('syncs.delete', { id: sync.id });
  expect(errors).toEqual([]);
});

test('a sync every minute runs by itself, shows its health, and notifies once when it fails and once when it recovers', async ({ page }) => {
  test.setTimeout(480_000);
  const errors = pageErrors(page);
  await page.goto(host.url);

  // 1. Every 1 minute, in the editor: the next five runs, a minute apart, before saving.
  const form = await openNewSync(page, 'Events every minute');
  await form.getByRole('textbox', { name: 'SQL query' }).click();
  await page.keyboard.insertText(`SELECT EVENT_ID, EVENT_NAME, USER_ID FROM ${SEED.tables.events}`);
  await editorStep(form, 'Strategy and schedule');
  await form.getByLabel('Runs', { exact: true }).selectOption('every');
  await form.getByLabel('Every', { exact: true }).fill('1');
  await form.getByLabel('Unit').selectOption('minutes');
  await expect(form.getByRole('radio', { name: 'Run once when Floe is back' })).toBeChecked();
  const nextRuns = form.getByRole('region', { name: 'Next runs' }).getByRole('listitem');
  await expect(nextRuns).toHaveCount(5);
  const minutes = (await nextRuns.allTextContents()).map(minuteOf);
  expect(minutes.slice(1).map((m, i) => (m - minutes[i]! + 1440) % 1440)).toEqual([1, 1, 1, 1]);
  await shots(page, 'editor-every-minute', form.getByRole('group', { name: 'When it runs' }));
  await editorStep(form, 'Dry run and save');
  await form.getByRole('button', { name: 'Save sync' }).click();
  await page.getByRole('link', { name: '← All syncs' }).click();

  // 2. The list: scheduled, in words, with its next run.
  const row = page.getByRole('row', { name: /Events every minute/ });
  await expect(row.getByTestId('sync-status')).toHaveText('Scheduled');
  await expect(row).toContainText('Every minute from');
  await expect(row).toContainText('Never run');
  await expect(row).toContainText(/in under a minute|in 1 minute|just now/);
  await expect(row.getByTestId('sync-destination')).toHaveText('Token webhook');
  const syncId = (await client.value<Array<{ id: string; name: string }>>('syncs.list', {})).find((s) => s.name === 'Events every minute')!.id;

  // 3. It runs by itself, on the real clock, and the list shows the run and a health value.
  await expect(row.getByTestId('sync-health')).toHaveText('100 %', NEXT_SLOT);
  await expect(row).toContainText('Succeeded');
  await expect(row).toContainText(`${ROWS} sent`);
  const [first] = await runsOf(syncId);
  expect(first).toMatchObject({ trigger: 'schedule', status: 'succeeded' });
  expect(fake.accepted().length).toBeGreaterThanOrEqual(ROWS);
  await shots(page, 'list');

  // ...and in its run history, a bar in the rows chart for the scheduled run, marked as scheduled.
  await page.evaluate((hash) => (location.hash = hash), `#/runs/sync/${syncId}`);
  const rowsChart = page.getByRole('figure', { name: 'Rows per run' });
  await expect(rowsChart.locator(`rect.run-bar[data-series="sent"][data-run-id="${first!.id}"]`)).toHaveCount(1);
  await expect(page.getByRole('table', { name: 'Runs' }).getByRole('row').nth(1)).toContainText(/Schedule/);
  await shots(page, 'history');
  await page.evaluate(() => (location.hash = '#/syncs'));

  // 4. The endpoint stops taking Floe's token: the next run fails, and the bell counts one notification.
  await setToken('a-token-the-endpoint-refuses');
  await expect(row.getByTestId('sync-status')).toHaveText('Failing', NEXT_SLOT);
  await expect(row).toContainText('Failing since');
  const bell = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
  await expect(bell.getByTestId('unread-count')).toHaveText('1');
  // Another failed run is the same failure: still one notification.
  await expect.poll(async () => (await runsOf(syncId)).filter((r) => r.status === 'failed').length, { ...NEXT_SLOT, intervals: [2_000] }).toBeGreaterThanOrEqual(2);
  await expect(row.getByTestId('sync-health')).not.toHaveText('100 %');
  await shots(page, 'list-failing');

  await bell.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  const entries = page.getByRole('list', { name: 'Notifications' }).getByRole('listitem');
  await expect(entries).toHaveCount(1);
  const failed = entries.first();
  await expect(failed).toHaveAttribute('data-kind', 'failed');
  await expect(failed).toContainText('Events every minute failed');
  await expect(failed).toContainText('Failed');

  // 5. The token is fixed: the next run works, and "recovered" arrives live on the open page.
  await setToken(GOOD_TOKEN);
  await expect(entries).toHaveCount(2, NEXT_SLOT);
  await expect(entries.first()).toHaveAttribute('data-kind', 'recovered');
  await expect(entries.first()).toContainText('Events every minute recovered');
  await expect(entries.first()).toContainText(`${ROWS} sent`);
  await expect(bell).toHaveAccessibleName('Notifications, 2 unread');
  expect((await client.value<Array<{ kind: string }>>('notifications.list', { limit: 100 })).map((n) => n.kind)).toEqual(['recovered', 'failed']);
  await shots(page, 'notifications');

  // 6. Each links to its run; opening it reads it.
  const failedRun = (await runsOf(syncId)).filter((r) => r.status === 'failed').at(-1)!;
  await expect(entries.nth(1).getByRole('link', { name: 'Open run' })).toHaveAttribute('href', `#/runs/${failedRun.id}`);
  await entries.nth(1).getByRole('link', { name: 'Open run' }).click();
  await expect(page).toHaveURL(new RegExp(`#/runs/${failedRun.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
  await bell.click();
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(bell).toHaveAccessibleName('Notifications');
  await expect(page.getByRole('button', { name: 'Mark all read' })).toBeDisabled();

  // 7. Pause stops the schedule (no next run); Resume starts it again.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Syncs' }).click();
  await row.getByRole('button', { name: 'Pause' }).click();
  await expect(row.getByTestId('sync-status')).toHaveText('Paused');
  await expect(row.getByRole('button', { name: 'Resume' })).toBeVisible();
  await row.getByRole('button', { name: 'Resume' }).click();
  await expect(row.getByTestId('sync-status')).not.toHaveText('Paused');
  await expect(row.getByRole('button', { name: 'Pause' })).toBeVisible();
  // Paused again, so nothing runs while the host stops.
  await row.getByRole('button', { name: 'Pause' }).click();
  await expect(row.getByTestId('sync-status')).toHaveText('Paused');
  expect(errors).toEqual([]);
});

test('Settings: which events notify and the rejected-rows threshold are saved; start at login is the desktop app’s', async ({ page }) => {
  const errors = pageErrors(page);
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const notifications = page.getByRole('region', { name: 'Notifications' });
  await expect(notifications.getByLabel('A sync fails')).toBeChecked();
  await notifications.getByLabel('A failing sync recovers').uncheck();
  await expect(notifications.getByRole('status')).toHaveText('Saved');
  const threshold = notifications.getByLabel('Notify when a run rejects more than');
  await threshold.fill('150');
  await expect(notifications.getByRole('alert')).toHaveText('Enter a percentage from 0 to 100.');
  await threshold.fill('12.5');
  await threshold.press('Enter');
  await expect.poll(async () => (await client.value<{ rejectedThresholdPercent: number; notifyOnRecovery: boolean }>('preferences.get', {}))).toMatchObject({
    rejectedThresholdPercent: 12.5,
    notifyOnRecovery: false,
  });
  const desktop = page.getByRole('region', { name: 'Desktop app' });
  await expect(desktop.getByLabel('Start Floe when I log in')).toBeDisabled();
  await expect(desktop).toContainText('Only the desktop app can start at login');
  await shots(page, 'settings');
  // Put back for anything after this.
  await client.value('preferences.set', { notifyOnRecovery: true, rejectedThresholdPercent: 5 });
  await expect(notifications.getByLabel('A failing sync recovers')).toBeChecked();
  expect(errors).toEqual([]);
});
