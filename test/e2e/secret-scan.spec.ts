import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { startAmplitudeFake, type AmplitudeFake } from '../emulators/destinations/amplitude';
import { startHttpFake, type HttpFakeHandle } from '../emulators/destinations/http';
import { SEED, startEmulator, type EmulatorHandle } from '../emulators/snowflake';
import { emulatorConnectionDraft } from '../helpers/fixtures';
import { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, screenshotPath, startFloe, test, type FloeHost } from './floe-host';
import { ocrIncludes, readText } from './ocr';
import { mainShot } from './page-helpers';

// Secret scan, the rendered side (issue 15 §2; test/reliability/secret-scan.test.ts searches
// floe.db, the logs, IPC and the CLI): markers saved as secrets, through the destination form
// as a user types them and over IPC, then every page that shows what holds them (destinations
// and their edit form, a test event, connections and their test and edit form, a sync, its dry
// run and runs, a failed run, notifications) is dumped as the browser holds it: the DOM's HTML,
// every input's value, local and session storage. No marker, raw or in base64, may be in any.
// Each page's screenshot is read back with OCR and searched too; a canary of the markers' shape,
// shown on purpose as a connection's name, proves the OCR would find one.

const PREFIX = 'FLOEMARK';
const marker = (what: string) => `${PREFIX}${what}${randomBytes(8).toString('hex')}`;
const markers = {
  password: marker('pw'),
  passphrase: marker('phrase'),
  token: marker('token'),
  header: marker('header'),
  wrongToken: marker('wrong'),
  apiKey: marker('amp'),
};
/** Shown on screen on purpose, shaped like a marker: what the OCR must find for its silence to mean anything. */
const canary = `CANARYMARKname${randomBytes(8).toString('hex')}`;
/** Characters OCR may misread in a marker of about 30 and still count as found. */
const OCR_EDITS = 3;
const SLOW = { timeout: 60_000 };

let emulator: EmulatorHandle;
let hook: HttpFakeHandle;
let amplitude: AmplitudeFake;
let host: FloeHost;
const snapshots: Array<{ where: string; text: string }> = [];

test.beforeAll(async () => {
  emulator = await startEmulator({ rows: 50, password: markers.password });
  hook = await startHttpFake({ auth: { bearer: markers.token } });
  amplitude = await startAmplitudeFake({ apiKeys: [markers.apiKey] });
  host = await startFloe();
});
test.afterAll(async () => {
  await host?.stop();
  await hook?.close();
  await amplitude?.close();
  await emulator?.close();
});

/** The page as the browser holds it now: its HTML, every field's value, its storage. */
async function snapshot(page: Page, where: string): Promise<void> {
  const held = await page.evaluate(() => ({
    html: document.documentElement.outerHTML,
    values: [...document.querySelectorAll('input, textarea, select')].map((e) => (e as HTMLInputElement).value),
    storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
  }));
  snapshots.push({ where, text: [held.html, ...held.values, held.storage].join('\n') });
  await mainShot(page, `secret-scan-${where}`);
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

/** A marker as it may appear: itself, or inside base64 at any alignment. */
const forms = (secret: string) => [secret, ...[0, 1, 2].map((pad) => Buffer.from('x'.repeat(pad) + secret).toString('base64').slice(4, -4))];

test('no secret reaches the rendered page', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = pageErrors(page);
  const client = await HostClient.connect(host.url);

  // Saved over IPC: a connection with its password, a key pair with a passphrase, Amplitude with its key.
  const connection = await client.value<{ id: string }>('connections.create', emulatorConnectionDraft(emulator, emulator.admin.username, { name: 'Scan warehouse' }));
  await client.value('secrets.set', { ref: { kind: 'connection', id: connection.id, field: 'password' }, value: markers.password });
  await client.value('keys.generate', { name: 'Scan key', passphrase: markers.passphrase });
  await client.value('connections.create', emulatorConnectionDraft(emulator, emulator.admin.username, { name: canary }));
  const amp = await client.value<{ id: string }>('destinations.create', { name: 'Scan Amplitude', kind: 'amplitude', settings: { endpoint: amplitude.url } });
  await client.value('secrets.set', { ref: { kind: 'destination', id: amp.id, field: 'apiKey' }, value: markers.apiKey });

  // Typed into the destination form as a user would: a bearer token and, where this build has them, a secret header.
  await page.goto(host.url);
  await nav(page, 'Destinations');
  await page.getByRole('button', { name: 'New destination' }).click();
  const form = page.getByRole('form', { name: 'New destination' });
  await form.getByRole('radio', { name: /HTTP endpoint/ }).check();
  await form.getByLabel('Name', { exact: true }).fill('Scan hook');
  await form.getByLabel('Endpoint URL').fill(hook.url);
  await form.getByLabel('Authentication').selectOption('bearer');
  await form.getByLabel('Token', { exact: true }).fill(markers.token);
  const secretHeaders = (await form.getByRole('button', { name: 'Add secret header' }).count()) > 0;
  if (secretHeaders) {
    await form.getByRole('button', { name: 'Add secret header' }).click();
    await form.getByLabel('Secret header 1 name').fill('X-Api-Key');
    await form.getByLabel('Secret header 1 value').fill(markers.header);
  }
  await form.getByRole('button', { name: 'Save destination' }).click();
  const row = page.getByRole('row', { name: /Scan hook/ });
  await expect(row).toContainText(hook.url, SLOW);
  await snapshot(page, 'destinations');

  // Its edit form: secrets shown as saved, never filled in.
  await row.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: /Scan hook/ });
  await expect(edit.getByText('Saved in the keychain').first()).toBeVisible();
  await snapshot(page, 'destination-edit');
  await edit.getByRole('button', { name: 'Cancel' }).click();

  // A test event to Amplitude: the request it shows is masked.
  await page.getByRole('button', { name: 'Send test event to Scan Amplitude' }).click();
  const panel = page.getByRole('region', { name: 'Test event of Scan Amplitude' });
  await expect(panel.getByTestId('test-event-outcome')).toContainText('Accepted', SLOW);
  await snapshot(page, 'test-event');

  // Connections: the list, a test that signs in with the password, the edit form.
  await nav(page, 'Connections');
  const connectionRow = page.getByRole('row', { name: /Scan warehouse/ });
  await connectionRow.getByRole('button', { name: 'Test' }).click();
  await expect(page.getByRole('region', { name: 'Test of Scan warehouse' })).toContainText('Floe signed in', SLOW);
  await snapshot(page, 'connection-test');
  await connectionRow.getByRole('button', { name: 'Edit' }).click();
  await snapshot(page, 'connection-edit');

  // A sync to the hook, run; then the hook with a wrong token, whose run fails and is notified.
  const destinations = await client.value<Array<{ id: string; name: string }>>('destinations.list');
  const hookId = destinations.find((d) => d.name === 'Scan hook')!.id;
  const sync = await client.value<{ id: string }>('syncs.create', {
    name: 'Scan events',
    connectionId: connection.id,
    destinationId: hookId,
    query: `SELECT EVENT_ID, EVENT_NAME FROM ${SEED.tables.events}`,
    strategy: 'full',
    dataType: 'records',
    watermarkColumn: null,
    primaryKey: ['EVENT_ID'],
    mapping: { rules: [], passThrough: true },
    schedule: { kind: 'manual' },
    rowLimit: 40_000_000,
    enabled: true,
  });
  const finished = async (runId: string) => {
    await expect.poll(async () => (await client.value<{ status: string }>('runs.get', { id: runId })).status, SLOW).not.toMatch(/queued|running/);
    return client.value<{ id: string; status: string }>('runs.get', { id: runId });
  };
  expect((await finished((await client.value<{ id: string }>('syncs.run', { id: sync.id })).id)).status).toBe('succeeded');
  await client.value('secrets.set', { ref: { kind: 'destination', id: hookId, field: 'token' }, value: markers.wrongToken });
  const failed = await finished((await client.value<{ id: string }>('syncs.run', { id: sync.id })).id);
  expect(failed.status).toBe('failed');
  client.close();

  await nav(page, 'Syncs');
  await expect(page.getByRole('link', { name: 'Scan events' })).toBeVisible();
  await snapshot(page, 'syncs');
  await page.getByRole('link', { name: 'Scan events' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Scan events');
  await snapshot(page, 'sync-page');
  // Its dry run shows the exact requests, headers included: their secrets masked.
  await page.getByRole('button', { name: 'Dry run', exact: true }).click();
  const dryRun = page.getByRole('region', { name: 'Dry run' });
  await expect(dryRun.getByTestId('dry-send')).toHaveText('50', SLOW);
  await snapshot(page, 'dry-run');
  await page.getByRole('navigation', { name: 'Scan events pages' }).getByRole('link', { name: 'Runs' }).click();
  await snapshot(page, 'sync-runs');
  await nav(page, 'Runs');
  await snapshot(page, 'runs');
  await page.goto(`${host.origin}/#/runs/${failed.id}`);
  await expect(page.getByText(/401|token|rejected/i).first()).toBeVisible(SLOW);
  await snapshot(page, 'failed-run');
  await nav(page, 'Notifications');
  await snapshot(page, 'notifications');

  const hits: string[] = [];
  for (const { where, text } of snapshots) {
    if (text.includes(PREFIX)) hits.push(`${where}: holds "${PREFIX}…"`);
    for (const [what, secret] of Object.entries(markers)) if (forms(secret).some((form) => text.includes(form))) hits.push(`${where}: the ${what}`);
  }
  // The screenshots' text: the canary is read where it is shown (the connections pages), no marker anywhere.
  const seen: string[] = [];
  for (const { where } of snapshots) {
    const text = readText(screenshotPath(`secret-scan-${where}`));
    if (ocrIncludes(text, canary, OCR_EDITS)) seen.push(where);
    for (const [what, secret] of Object.entries(markers)) if (ocrIncludes(text, secret, OCR_EDITS)) hits.push(`${where}.png (OCR): the ${what}`);
  }
  console.log(
    `secret scan (DOM): ${Object.keys(markers).length} markers${secretHeaders ? '' : ' (no secret headers in this build)'}, ${snapshots.length} pages searched ` +
      `(HTML, every field's value, storage, and the screenshot's text by OCR), ${hits.length} hits; the canary read in ${seen.join(', ')}`,
  );
  expect(seen, 'the OCR must read the canary on the connections pages, or its silence proves nothing').toEqual(expect.arrayContaining(['connection-test', 'connection-edit']));
  expect(hits).toEqual([]);
  expect(errors).toEqual([]);
});
