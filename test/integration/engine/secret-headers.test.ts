import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/ipc/dispatch';
import type { Destination } from '../../../shared/schemas';
import { useEngineEnv } from './helpers';

// Issue 15 §1.2: an HTTP destination's credentials were plain settings (a custom header, a URL
// with ?api_key= or user:pass@): stored in floe.db, returned by destinations.list and shown in
// dry runs. A secret header keeps its value in the keychain; the value reaches the endpoint and
// nowhere else.
const API_KEY = 'SECRET-HEADER-VALUE-7f3a9c';
const t = useEngineEnv(50, {}, { requiredHeaders: { 'X-Api-Key': API_KEY } });

/** A call as the window makes it: input and answer checked by the contract. */
const call = (channel: string, input: unknown) => dispatch(t.env.core.handlers, channel, input, t.env.core.log);
/** Every byte Floe has written to its database, the write-ahead log included. */
const databaseBytes = () =>
  [t.env.core.paths.database, `${t.env.core.paths.database}-wal`]
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f).toString('latin1'))
    .join('');

async function secretHeaderDestination(name: string) {
  const created = await call('destinations.create', { name, kind: 'http', settings: { url: t.fake.url, secretHeaders: ['X-Api-Key'] } });
  expect(created.ok, JSON.stringify(created)).toBe(true);
  const destination = (created as { value: Destination }).value;
  const stored = await call('secrets.set', { ref: { kind: 'destination', id: destination.id, field: 'header:X-Api-Key' }, value: API_KEY });
  expect(stored, JSON.stringify(stored)).toMatchObject({ ok: true });
  return destination;
}

describe('a secret header', () => {
  it('reaches the endpoint, and never floe.db, destinations.list, or the dry run', async () => {
    const destination = await secretHeaderDestination('keyed hook');
    const sync = await t.env.sync({ destinationId: destination.id, query: 'SELECT EVENT_ID, EVENT_NAME FROM APP_EVENTS LIMIT 5' });
    const run = await t.env.run(sync.id);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    expect(t.fake.accepted()).toHaveLength(5);

    const listed = await call('destinations.list', {});
    expect(JSON.stringify(listed)).toContain('X-Api-Key');
    expect(JSON.stringify(listed)).not.toContain(API_KEY);
    const dry = await call('syncs.dryRun', { id: sync.id, sampleSize: 3 });
    expect(dry.ok).toBe(true);
    expect((dry as { value: { requests: Array<{ headers: Record<string, string> }> } }).value.requests[0]!.headers['X-Api-Key']).toBe('••••••');
    expect(JSON.stringify(dry)).not.toContain(API_KEY);
    expect(databaseBytes()).not.toContain(API_KEY);
    expect(fs.readFileSync(t.env.core.paths.logFile, 'utf8')).not.toContain(API_KEY);
  });

  it('removed from the settings, or its destination deleted, leaves the keychain', async () => {
    const destination = await secretHeaderDestination('tidy hook');
    const field = { kind: 'destination' as const, id: destination.id, field: 'header:X-Api-Key' as const };
    const updated = await call('destinations.update', { id: destination.id, draft: { name: destination.name, kind: 'http', settings: { url: t.fake.url, secretHeaders: [] } } });
    expect(updated.ok).toBe(true);
    expect(await t.env.core.secrets.get(field)).toBeNull();

    const again = await secretHeaderDestination('tidy hook 2');
    await call('destinations.delete', { id: again.id });
    expect(await t.env.core.secrets.get({ ...field, id: again.id })).toBeNull();
  });

  it('a header value is taken only for a secret header the destination names, and never with a line break', async () => {
    const destination = await secretHeaderDestination('strict hook');
    const other = await call('secrets.set', { ref: { kind: 'destination', id: destination.id, field: 'header:X-Other' }, value: 'v' });
    expect(other).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no secret header “X-Other”/) } });
    const broken = await call('secrets.set', { ref: { kind: 'destination', id: destination.id, field: 'header:X-Api-Key' }, value: 'a\r\nX-Injected: 1' });
    expect(broken).toMatchObject({ ok: false, error: { message: expect.stringMatching(/line break/) } });
  });
});

describe('credentials as plain settings', () => {
  it.each([
    [{ headers: { 'X-Api-Key': API_KEY } }, 'headers.X-Api-Key', /is a credential: add it as a secret header \(kept in the keychain\) instead/],
    [{ url: `${'URL'}?api_key=${API_KEY}` }, 'url', /“api_key” parameter is a credential/],
    [{ url: 'USERINFO' }, 'url', /user name or password/],
  ])('are refused at the field, saying where they go: %j', async (settings, field, message) => {
    const given = (settings as { url?: string }).url;
    const url = given === 'USERINFO' ? t.fake.url.replace('://', `://floe:${API_KEY}@`) : (given?.replace('URL', t.fake.url) ?? t.fake.url);
    const answer = await call('destinations.create', { name: `refused ${JSON.stringify(settings).slice(0, 20)}`, kind: 'http', settings: { ...settings, url } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_settings', fields: { [field]: expect.stringMatching(message) } } });
    expect(databaseBytes()).not.toContain(API_KEY);
  });

  it('saved before they were refused: still listed and run, their values masked in the list and the dry run', async () => {
    // As an older Floe saved it, without today's checks.
    const old = t.env.core.store.destinations.create({ name: 'old hook', kind: 'http', settings: { url: `${t.fake.url}?token=URL-TOKEN-1`, headers: { 'X-Api-Key': API_KEY } } });
    const listed = await call('destinations.list', {});
    expect(listed.ok).toBe(true);
    const shown = (listed as { value: Destination[] }).value.find((d) => d.id === old.id)!;
    expect(shown.settings).toMatchObject({ url: `${t.fake.url}?token=••••••`, headers: { 'X-Api-Key': '••••••' } });
    expect(JSON.stringify(listed)).not.toMatch(new RegExp(`${API_KEY}|URL-TOKEN-1`));

    const sync = await t.env.sync({ destinationId: old.id, query: 'SELECT EVENT_ID FROM APP_EVENTS LIMIT 2' });
    const dry = await call('syncs.dryRun', { id: sync.id, sampleSize: 2 });
    expect(dry.ok).toBe(true);
    expect(JSON.stringify(dry)).not.toMatch(new RegExp(`${API_KEY}|URL-TOKEN-1`));
    const run = await t.env.run(sync.id);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    expect(t.fake.accepted()).toHaveLength(2);

    // Saved again as it is, it is refused with where its credential belongs.
    const resaved = await call('destinations.update', { id: old.id, draft: { name: old.name, kind: 'http', settings: shown.settings } });
    expect(resaved).toMatchObject({ ok: false, error: { fields: { 'headers.X-Api-Key': expect.stringMatching(/secret header/) } } });
  });
});
