import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Run } from '../../shared/schemas';
import type { HttpFakeHandle } from '../emulators/destinations/http';
import { SEED, type EmulatorHandle } from '../emulators/snowflake';
import { syncDraft } from '../helpers/fixtures';
import type { HostClient } from '../helpers/ws-client';
import { expect, pageErrors, screenshotPath, test, type FloeHost } from './floe-host';
import { editorStep } from './page-helpers';
import { closeWorkspace, openWorkspace } from './workspace';

// Issue 13 §3: every page holds at a small laptop's window (1024 × 700) and a large one
// (1440 × 900). On each page, at each width: the page itself never scrolls sideways, every
// action (button, link, field) is on screen or inside a table that scrolls, row actions look like
// buttons, and a screenshot is saved (layout-<page>-<width>x<height>.png) to be looked at.
let emulator: EmulatorHandle;
let fake: HttpFakeHandle;
let host: FloeHost;
let client: HostClient;
let syncId: string;
let failedRun: Run;

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

test.beforeAll(async () => {
  let connectionId: string;
  ({ emulator, fake, host, client, connectionId } = await openWorkspace({ emulator: { rows: 300 } }));
  const endpoint = await client.value<{ id: string }>('destinations.create', { name: 'Events endpoint', kind: 'http', settings: { url: fake.url } });
  const folder = path.join(host.home, 'exports');
  fs.mkdirSync(folder);
  await client.value('destinations.create', { name: 'Nightly CSV exports for the finance team', kind: 'file', settings: { directory: folder, format: 'csv' } });
  // A port nothing listens on: a run there fails with its rows not sent.
  const nowhere = await client.value<{ id: string }>('destinations.create', { name: 'Endpoint that is down', kind: 'http', settings: { url: 'http://127.0.0.1:9/events' } });
  const query = `SELECT EVENT_ID, EVENT_NAME, USER_ID, EVENT_TIMESTAMP FROM ${SEED.tables.events}`;
  const sync = await client.value<{ id: string }>(
    'syncs.create',
    syncDraft(connectionId, endpoint.id, { name: 'App events to the product analytics endpoint', query, strategy: 'diff', primaryKey: ['EVENT_ID'], mapping: { rules: [], passThrough: true }, schedule: { kind: 'interval', minutes: 7 * 24 * 60, catchUp: 'once' } }),
  );
  syncId = sync.id;
  const down = await client.value<{ id: string }>('syncs.create', syncDraft(connectionId, nowhere.id, { name: 'Events to the endpoint that is down', query, mapping: { rules: [], passThrough: true }, schedule: { kind: 'manual' } }));
  await finish(await client.value<Run>('syncs.run', { id: sync.id }));
  failedRun = await finish(await client.value<Run>('syncs.run', { id: down.id }));
  expect(failedRun.status).toBe('failed');
});
test.afterAll(() => closeWorkspace({ emulator, fake, host, client }));

async function finish(run: Run): Promise<Run> {
  await expect.poll(async () => (await client.value<Run>('runs.get', { id: run.id })).status, { timeout: 60_000 }).not.toMatch(/queued|running/);
  return client.value<Run>('runs.get', { id: run.id });
}

interface Problem {
  what: string;
  left: number;
  right: number;
}

/**
 * What does not fit: the page's own sideways scroll, and every visible action whose box leaves the
 * window, unless it sits in a container that scrolls sideways (a wide table) which itself fits.
 */
function layoutProblems(page: Page): Promise<{ pageOverflow: number; actions: Problem[]; flatRowActions: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const describe = (el: Element) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? el.getAttribute('name') ?? '').trim().slice(0, 40)}"`;
    const scroller = (el: Element): Element | null => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const overflow = getComputedStyle(p).overflowX;
        if ((overflow === 'auto' || overflow === 'scroll') && p.scrollWidth > p.clientWidth) return p;
      }
      return null;
    };
    const actions: Problem[] = [];
    for (const el of document.querySelectorAll('button, a[href], input, select, textarea, [role="button"]')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.closest('.visually-hidden')) continue;
      const inside = scroller(el);
      const frame = inside ? inside.getBoundingClientRect() : { left: 0, right: width };
      if (inside && (frame.left < -1 || frame.right > width + 1)) actions.push({ what: `scroller of ${describe(el)}`, left: frame.left, right: frame.right });
      if (!inside && (box.left < -1 || box.right > width + 1)) actions.push({ what: describe(el), left: Math.round(box.left), right: Math.round(box.right) });
    }
    // A row action is a button a person sees as one: a border or a fill, not bare text.
    const flatRowActions = [...document.querySelectorAll('td.row-actions button, td.row-actions a')]
      .filter((el) => {
        const style = getComputedStyle(el);
        const bordered = parseFloat(style.borderTopWidth) > 0 && style.borderTopColor !== 'rgba(0, 0, 0, 0)' && style.borderTopStyle !== 'none';
        const filled = style.backgroundColor !== 'rgba(0, 0, 0, 0)' && style.backgroundColor !== 'transparent';
        return !bordered && !filled;
      })
      .map(describe);
    return { pageOverflow: document.documentElement.scrollWidth - width, actions, flatRowActions };
  });
}

/** At both sizes: the checks at the window's size, then a screenshot of the whole page. */
async function checkPage(page: Page, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150); // let charts' ResizeObserver lay out at the new width
    const found = await layoutProblems(page);
    expect.soft(found.pageOverflow, `${name} at ${size.width}: the page scrolls sideways`).toBeLessThanOrEqual(0);
    expect.soft(found.actions, `${name} at ${size.width}: actions off screen`).toEqual([]);
    expect.soft(found.flatRowActions, `${name} at ${size.width}: row actions that look like text`).toEqual([]);
    // <main> scrolls on its own: grow the window to its content so the shot shows all of the page.
    const tall = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 0);
    await page.setViewportSize({ width: size.width, height: Math.min(Math.max(size.height, tall), 4000) });
    await page.screenshot({ path: screenshotPath(`layout-${name}-${size.width}x${size.height}`) });
  }
  await page.setViewportSize(SIZES[0]);
}

const go = async (page: Page, hash: string, ready: () => Promise<void>) => {
  await page.goto(`${host.url}${hash}`);
  await ready();
};

test('every page holds at 1024 × 700 and 1440 × 900: nothing off screen, no sideways page, row actions that look like buttons', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = pageErrors(page);
  const heading = (text: string | RegExp) => expect(page.getByRole('heading', { level: 1 })).toHaveText(text);

  await go(page, '#/connections', () => expect(page.getByRole('table', { name: 'Connections' })).toContainText('Demo warehouse'));
  await checkPage(page, 'connections');
  await page.getByRole('button', { name: 'Edit' }).first().click();
  await checkPage(page, 'connections-edit');
  await page.getByRole('button', { name: 'New connection' }).first().click();
  await expect(page.getByRole('navigation', { name: 'Setup steps' })).toBeVisible();
  await checkPage(page, 'connections-new');

  await go(page, '#/destinations', () => expect(page.getByRole('row', { name: /Events endpoint/ })).toBeVisible());
  await checkPage(page, 'destinations');
  await page.getByRole('button', { name: 'New destination' }).first().click();
  await expect(page.getByRole('form', { name: 'New destination' })).toBeVisible();
  await checkPage(page, 'destinations-new');

  await go(page, '#/syncs', () => expect(page.getByRole('row', { name: /App events to the product/ })).toBeVisible());
  await checkPage(page, 'syncs');

  await go(page, `#/syncs/${syncId}`, () => heading('App events to the product analytics endpoint'));
  await expect(page.getByRole('figure', { name: 'Rows per run' })).toBeVisible();
  await checkPage(page, 'sync-overview');
  await go(page, `#/syncs/${syncId}/runs`, () => heading('App events to the product analytics endpoint'));
  await checkPage(page, 'sync-runs');
  await go(page, `#/syncs/${syncId}/edit`, () => expect(page.getByRole('navigation', { name: 'Steps' })).toBeVisible());
  const form = page.getByRole('form').first();
  for (const step of ['Query', 'Destination', 'Mapping', 'Strategy and schedule', 'Dry run and save']) {
    await editorStep(form, step);
    await checkPage(page, `sync-edit-${step.toLowerCase().replace(/\W+/g, '-')}`);
  }
  await go(page, '#/syncs/new', () => heading('New sync'));
  await checkPage(page, 'sync-new');

  await go(page, '#/runs', () => expect(page.getByRole('figure', { name: 'Rows per run' })).toBeVisible());
  await checkPage(page, 'runs');
  await go(page, `#/runs/${failedRun.id}`, () => expect(page.getByTestId('run-status')).toHaveText('Failed'));
  await checkPage(page, 'run-failed');

  await go(page, '#/notifications', () => heading('Notifications'));
  await checkPage(page, 'notifications');
  await go(page, '#/settings', () => heading('Settings'));
  await checkPage(page, 'settings');
  expect(errors).toEqual([]);
});
