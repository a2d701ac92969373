import { beforeEach, describe, expect, it, vi } from 'vitest';
import { dataTypeOf } from '../../../shared/destinations';
import type { Destination, QueryPreview, Sync } from '../../../shared/schemas';

// The store's one call to core here is the preview: it answers with the demo events table's columns.
const COLUMNS = ['EVENT_ID', 'EVENT_NAME', 'USER_ID', 'DEVICE_ID', 'EVENT_TIMESTAMP', 'PROPERTIES', 'REVENUE'];
const preview: QueryPreview = { columns: COLUMNS.map((name) => ({ name, type: 'TEXT', nullable: true })), rows: [], truncated: false, queryId: null, error: null };
vi.mock('../../../renderer/src/lib/api', () => ({
  floe: { syncs: { preview: async () => preview } },
  toIpcError: (e: unknown) => e,
  unwrap: async (v: unknown) => v,
}));
const { localProblems, toDraft, useSyncForm } = await import('../../../renderer/src/features/syncs/sync-form-store');

const destination = (kind: Destination['kind']): Destination => ({ id: `d-${kind}`, name: kind, kind, settings: {}, createdAt: '', updatedAt: '' });
const form = () => useSyncForm.getState();
const targets = () => form().rules.map((r) => `${r.target}←${r.source}`);

async function previewed(kind: Destination['kind']) {
  form().start({ name: 'Events', connectionId: 'c1', query: 'SELECT * FROM APP_EVENTS' }, destination(kind));
  await form().runPreview();
}

describe('the sync form maps to the destination’s data type', () => {
  beforeEach(() => form().close());

  it('starts from the preset, then from the query’s columns once previewed', async () => {
    form().start({ connectionId: 'c1', query: 'SELECT 1' }, destination('amplitude'));
    expect(form()).toMatchObject({ dataType: 'events', rules: [], passThrough: true, passThroughTo: 'event_properties', destinationLabel: 'Amplitude' });
    await form().runPreview();
    expect(targets()).toEqual(['user_id←USER_ID', 'device_id←DEVICE_ID', 'event_type←EVENT_NAME', 'time←EVENT_TIMESTAMP', 'event_properties←PROPERTIES']);
    expect(form().rules.find((r) => r.target === 'event_type')).toMatchObject({ type: 'string', required: true });
  });

  it('a data type chosen after the preview starts from its own preset on the same columns', async () => {
    await previewed('amplitude');
    form().chooseDataType(dataTypeOf('amplitude', 'user-properties')!);
    expect(form()).toMatchObject({ dataType: 'user-properties', passThroughTo: 'user_properties' });
    expect(targets()).toEqual(['user_id←USER_ID', 'device_id←DEVICE_ID', 'user_properties←PROPERTIES']);
  });

  it('once the user changes the mapping it is theirs: a new preview or data type keeps it, its other columns sent where the new type takes them', async () => {
    await previewed('amplitude');
    form().removeRule(1);
    const mine = form().rules;
    await form().runPreview();
    expect(form().rules).toEqual(mine);
    form().chooseDataType(dataTypeOf('amplitude', 'user-properties')!);
    expect(form()).toMatchObject({ rules: mine, passThrough: true, passThroughTo: 'user_properties' });
  });

  it('a saved sync’s mapping is never replaced by a preview', async () => {
    const sync = {
      id: 's1',
      name: 'Mine',
      connectionId: 'c1',
      destinationId: 'd-amplitude',
      dataType: 'events',
      query: 'SELECT * FROM APP_EVENTS',
      strategy: 'full',
      watermarkColumn: null,
      primaryKey: [],
      mapping: { rules: [], passThrough: true, passThroughTo: 'event_properties' },
      schedule: { kind: 'manual' },
      rowLimit: 100,
      enabled: true,
    } as unknown as Sync;
    form().edit(sync, destination('amplitude'));
    await form().runPreview();
    expect(form()).toMatchObject({ rules: [], passThroughTo: 'event_properties', type: { id: 'events' } });
    // Its requirements are still checked before saving.
    expect(localProblems(form()).mapping).toBe('Amplitude needs event_type and (user_id or device_id) in every row: add a field for each, from a column or a static value.');
  });

  it('naming a documented field picks its type, requiredness and suggested column; a documented field can be added from the list', async () => {
    await previewed('amplitude');
    form().addRule();
    const last = form().rules.length - 1;
    expect(form().rules[last]).toMatchObject({ target: '', source: '' });
    form().setRule(last, { target: 'revenue' });
    expect(form().rules[last]).toMatchObject({ target: 'revenue', source: 'REVENUE', type: 'number', required: false });
    form().removeRule(last);
    form().addField('revenue');
    expect(form().rules.at(-1)).toMatchObject({ target: 'revenue', source: 'REVENUE', type: 'number' });
    form().addField('not_a_field');
    expect(form().rules.at(-1)!.target).toBe('revenue');
  });

  it('the draft carries where other columns go; "don’t send" carries none', async () => {
    await previewed('customerio');
    expect(form().dataType).toBe('identify');
    expect(toDraft(form()).mapping).toMatchObject({ passThrough: true, passThroughTo: 'traits' });
    form().set({ passThrough: false, passThroughTo: '' });
    expect(toDraft(form()).mapping).toEqual({ rules: expect.any(Array), passThrough: false });
  });

  it('a missing requirement is said before asking core', async () => {
    await previewed('amplitude');
    expect(localProblems(form()).mapping).toBeUndefined();
    form().removeRule(form().rules.findIndex((r) => r.target === 'event_type'));
    expect(localProblems(form()).mapping).toBe('Amplitude needs event_type in every row: add a field for it, from a column or a static value.');
  });

  it('HTTP endpoints keep today’s behaviour: every column at the top level, new fields start from the first column', async () => {
    await previewed('http');
    expect(form()).toMatchObject({ dataType: 'records', rules: [], passThrough: true, passThroughTo: '' });
    form().addRule();
    expect(form().rules).toEqual([{ target: '', from: 'column', source: 'EVENT_ID', value: '', type: 'auto', required: false }]);
    form().setRule(0, { target: 'user_id' });
    expect(form().rules[0]).toMatchObject({ target: 'user_id', source: 'EVENT_ID', type: 'auto' });
    expect(toDraft(form()).mapping).toEqual({ rules: [{ target: 'user_id', source: 'EVENT_ID', type: 'auto', required: false }], passThrough: true });
    expect(localProblems(form()).mapping).toBeUndefined();
  });

  it('a CleverTap destination that identifies users by CleverTap ID starts the mapping from objectId, not identity', async () => {
    const saved = preview.columns;
    preview.columns = ['CT_ID', 'USER_ID'].map((name) => ({ name, type: 'TEXT', nullable: true }));
    try {
      const byId = (identityField: string): Destination => ({ ...destination('clevertap'), settings: { accountId: 'CT_ACCOUNT', identityField } });
      form().start({ name: 'Events', connectionId: 'c1', query: 'SELECT * FROM APP_EVENTS' }, byId('objectId'));
      await form().runPreview();
      expect(targets()).toEqual(['objectId←CT_ID']);
      form().start({ name: 'Events', connectionId: 'c1', query: 'SELECT * FROM APP_EVENTS' }, byId('identity'));
      await form().runPreview();
      expect(targets()).toEqual(['identity←USER_ID']);
    } finally {
      preview.columns = saved;
    }
  });
});
