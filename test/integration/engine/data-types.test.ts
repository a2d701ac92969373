import { describe, expect, it } from 'vitest';
import { isFloeError } from '../../../electron/core/errors';
import { dispatch } from '../../../electron/core/ipc/dispatch';
import { useEngineEnv } from './helpers';

const t = useEngineEnv(200);

/** What a handler threw, as the user sees it. */
async function refusal(work: () => unknown) {
  try {
    await work();
  } catch (error) {
    if (isFloeError(error)) return error.toIpc();
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a sync sends one data type of its destination', () => {
  it('is saved with the data type and read back with it', async () => {
    const sync = await t.env.sync({ dataType: 'records' });
    expect(t.env.core.store.syncs.get(sync.id)?.dataType).toBe('records');
  });

  it('refuses a data type its destination does not take, at the field, saving nothing', async () => {
    const before = t.env.core.store.syncs.list().length;
    const error = await refusal(() => t.env.sync({ dataType: 'events' }));
    expect(error).toMatchObject({
      code: 'invalid_data_type',
      message: 'HTTP endpoint destinations take no data type called "events".',
      remedy: 'Choose one of "records" (records).',
      fields: { dataType: expect.stringContaining('"records"') },
    });
    expect(t.env.core.store.syncs.list()).toHaveLength(before);
  });

  it('a run whose data type the destination no longer takes fails with what to do, and sends nothing', async () => {
    const sync = await t.env.sync({ query: 'SELECT EVENT_ID FROM APP_EVENTS LIMIT 5' });
    // As a sync file written for a newer Floe, or edited by hand, would leave it.
    t.env.core.store.db.prepare("UPDATE syncs SET data_type = 'events' WHERE id = ?").run(sync.id);
    const run = await t.env.run(sync.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'data_type_unsupported', remedy: 'Edit the sync and choose "records".' });
    expect(t.fake.accepted()).toHaveLength(0);
  });
});

describe('every kind Floe names can be added', () => {
  it('a CluedIn destination is created, its settings completed with the descriptor’s defaults', async () => {
    const url = 'https://acme.cluedin.net/upload/api/endpoint/9A327661-51FD-4FFC-8DF5-3F80746B996C';
    const created = await t.env.core.handlers['destinations.create']({ name: 'CI', kind: 'cluedin', settings: { url, entityType: 'Customer' } });
    expect(created).toMatchObject({ kind: 'cluedin', settings: { url, entityType: 'Customer', tombstones: true, format: 'json', gzip: true, batchSize: 1000 } });
    expect(t.env.core.store.destinations.list().some((d) => d.id === created.id)).toBe(true);
  });

  it.each([
    ['', 'Enter the endpoint’s full POST URL, starting with https://'],
    ['acme.cluedin.net', 'Enter the endpoint’s full POST URL, starting with https://'],
    ['https://acme.cluedin.net/api/v2/clue', expect.stringMatching(/^Paste the ingestion endpoint’s POST URL \(CluedIn → Ingestion → Endpoints/)],
  ])('a CluedIn URL %j is refused at the field, saving nothing', async (url, field) => {
    const before = t.env.core.store.destinations.list().length;
    const error = await refusal(() => t.env.core.handlers['destinations.create']({ name: 'bad', kind: 'cluedin', settings: { url, entityType: 'Customer' } }));
    expect(error).toMatchObject({ code: 'invalid_settings', fields: { url: field } });
    expect(t.env.core.store.destinations.list()).toHaveLength(before);
  });

  it('a kind Floe does not know is refused by the contract before any handler', async () => {
    const answer = await dispatch(t.env.core.handlers, 'destinations.create', { name: 'Segment', kind: 'segment', settings: {} }, t.env.core.log);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { kind: expect.stringMatching(/amplitude.*cluedin/) } } });
    expect(t.env.core.store.destinations.list().some((d) => d.name === 'Segment')).toBe(false);
  });
});
