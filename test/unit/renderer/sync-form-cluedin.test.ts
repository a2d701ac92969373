import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Destination, QueryPreview, Sync } from '../../../shared/schemas';

// The store's calls to core here: the preview answers with the demo users' columns; saving is
// refused as core refuses a CluedIn sync without a primary key (handlers/syncs.ts).
const COLUMNS = ['USER_ID', 'EMAIL', 'first name', 'address.city', 'PLAN', 'UPDATED_AT'];
const preview: QueryPreview = { columns: COLUMNS.map((name) => ({ name, type: 'TEXT', nullable: true })), rows: [], truncated: false, queryId: null, error: null };
const REASON = 'CluedIn syncs need a primary key. CluedIn identifies each entity by its externalId, which Floe takes from the primary key.';
const refusal = { code: 'primary_key_required', message: REASON, remedy: 'Enter the primary key: the column(s) that identify a row (e.g. CUSTOMER_ID).', fields: { primaryKey: REASON } };
vi.mock('../../../renderer/src/lib/api', () => ({
  floe: {
    syncs: {
      preview: async () => preview,
      update: async () => {
        throw refusal;
      },
    },
  },
  toIpcError: (e: unknown) => e,
  unwrap: async (v: unknown) => v,
}));
const { localProblems, toDraft, useSyncForm } = await import('../../../renderer/src/features/syncs/sync-form-store');

const cluedin: Destination = { id: 'd-cluedin', name: 'CluedIn', kind: 'cluedin', settings: {}, createdAt: '', updatedAt: '' };
const form = () => useSyncForm.getState();

describe('a sync to CluedIn', () => {
  beforeEach(() => form().close());

  it('maps timestamp from UPDATED_AT and passes the other columns through to properties', async () => {
    form().start({ name: 'Customers', connectionId: 'c1', query: 'SELECT * FROM USERS' }, cluedin);
    expect(form()).toMatchObject({ dataType: 'entities', rules: [], passThrough: true, passThroughTo: 'properties', destinationLabel: 'CluedIn' });
    await form().runPreview();
    expect(form().rules).toEqual([{ target: 'timestamp', from: 'column', source: 'UPDATED_AT', value: '', type: 'timestamp', required: true }]);
    expect(toDraft(form()).mapping).toEqual({ rules: [{ target: 'timestamp', source: 'UPDATED_AT', type: 'timestamp', required: true }], passThrough: true, passThroughTo: 'properties' });
    expect(localProblems(form()).mapping).toBeUndefined();
  });

  it('needs a primary key whatever its strategy, and says why beside the field before asking core', async () => {
    form().start({ name: 'Customers', connectionId: 'c1', query: 'SELECT * FROM USERS', strategy: 'full' }, cluedin);
    await form().runPreview();
    expect(localProblems(form()).primaryKey).toBe(
      'CluedIn syncs need a primary key. CluedIn identifies each entity by its externalId, which Floe takes from the primary key: a row without one would become a new entity each time it changes.',
    );
    form().togglePrimaryKey('USER_ID');
    expect(localProblems(form()).primaryKey).toBeUndefined();
  });

  it('core’s refusal lands beside the primary key too, not as a notice above the form', async () => {
    // A sync whose destination the form has not loaded knows no data type, so only core can refuse it.
    const sync = { id: 's1', name: 'Customers', connectionId: 'c1', destinationId: 'd-cluedin', dataType: 'entities', query: 'SELECT * FROM USERS', strategy: 'full', watermarkColumn: null, primaryKey: [], mapping: { rules: [], passThrough: true, passThroughTo: 'properties' }, schedule: { kind: 'manual' }, rowLimit: 100, enabled: true } as unknown as Sync;
    form().edit(sync);
    expect(await form().save()).toBeNull();
    expect(form()).toMatchObject({ errors: { primaryKey: REASON }, error: null });
  });
});
