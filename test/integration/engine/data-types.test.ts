import { describe, expect, it } from 'vitest';
import { isFloeError } from '../../../electron/core/errors';
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

describe('a destination kind this version cannot send to', () => {
  it('is refused when added, naming the kinds it can send to', async () => {
    const error = await refusal(() => t.env.core.handlers['destinations.create']({ name: 'CI', kind: 'cluedin', settings: {} }));
    expect(error).toMatchObject({
      code: 'destination_unavailable',
      message: 'CluedIn destinations are not available in this version of Floe.',
      remedy: 'Choose a kind it can send to: Amplitude, Customer.io, CleverTap, HTTP endpoint or File.',
    });
    expect(t.env.core.store.destinations.list().some((d) => d.name === 'CI')).toBe(false);
  });
});
