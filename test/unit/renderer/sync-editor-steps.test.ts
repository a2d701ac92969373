import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Destination, SyncDraft } from '../../../shared/schemas';

// The sync editor's steps: which step each problem is fixed in, and where saving or a dry run of
// the draft sends the user when something is missing (found by the form, or by core).
const calls: Array<[string, unknown]> = [];
let refusal: unknown = null;
vi.mock('../../../renderer/src/lib/api', () => ({
  floe: {
    syncs: {
      dryRunDraft: async (input: unknown) => {
        calls.push(['syncs.dryRunDraft', input]);
        if (refusal) throw refusal;
        return { columns: [], rows: [], requests: [], counts: { read: 0, send: 0, unchanged: 0, rejected: 0 }, problems: [], queryId: null };
      },
      create: async (draft: unknown) => {
        calls.push(['syncs.create', draft]);
        if (refusal) throw refusal;
        return { ...(draft as SyncDraft), id: 's1', createdAt: '', updatedAt: '' };
      },
    },
  },
  toIpcError: (e: unknown) => e,
  unwrap: async (v: unknown) => v,
}));
const { EDITOR_STEPS, firstStepWithProblem, neighbour, problemsByStep, stepOf, stepsInWords } = await import('../../../renderer/src/features/syncs/editor-steps');
const { draftSignature, SYNC_FIELDS, useSyncForm } = await import('../../../renderer/src/features/syncs/sync-form-store');
const { useSyncActivity } = await import('../../../renderer/src/features/syncs/sync-activity-store');

const http: Destination = { id: 'd1', name: 'Webhook', kind: 'http', settings: { url: 'https://example.com/in' }, createdAt: '', updatedAt: '' };
const form = () => useSyncForm.getState();
const complete = () => form().start({ name: 'Events', connectionId: 'c1', query: 'SELECT * FROM EVENTS' }, http);

describe('the editor’s steps', () => {
  it('are the order an analyst builds a sync in, and every field is edited in one of them', () => {
    expect(EDITOR_STEPS.map((s) => s.id)).toEqual(['query', 'destination', 'mapping', 'strategy', 'review']);
    for (const field of SYNC_FIELDS) expect(stepOf(field)).not.toBe('review');
    expect(stepOf('primaryKey')).toBe('strategy');
    expect(stepOf('dataType')).toBe('destination');
    expect(neighbour('query', -1)).toBeNull();
    expect(neighbour('strategy', 1)).toBe('review');
    expect(neighbour('review', 1)).toBeNull();
  });

  it('count problems per step and name the first with one', () => {
    const errors = { mapping: 'Name every field.', name: 'Name this sync.', schedule: 'Fix it.', query: undefined };
    expect(problemsByStep(errors)).toEqual({ query: 1, destination: 0, mapping: 1, strategy: 1, review: 0 });
    expect(firstStepWithProblem(errors)).toBe('query');
    expect(firstStepWithProblem({})).toBeNull();
    expect(stepsInWords(['query', 'mapping', 'strategy'])).toBe('Query, Mapping and Strategy and schedule');
    expect(stepsInWords(['mapping'])).toBe('Mapping');
  });
});

describe('saving and dry-running from any step', () => {
  beforeEach(() => {
    calls.length = 0;
    refusal = null;
    form().close();
  });

  it('a new sync starts at the query', () => {
    complete();
    expect(form().step).toBe('query');
    form().goStep('mapping');
    complete();
    expect(form().step).toBe('query');
  });

  it('a problem the form finds takes the editor to its step, and core is not asked', async () => {
    complete();
    form().set({ name: '' });
    form().goStep('review');
    await form().dryRun();
    expect(form().step).toBe('query');
    expect(form().errors.name).toContain('Name this sync');
    form().set({ name: 'Events', strategy: 'diff' });
    form().goStep('review');
    expect(await form().save()).toBeNull();
    expect(form().step).toBe('strategy');
    expect(calls).toEqual([]);
  });

  it('the dry run is of the draft as it stands, unsaved; a later change makes it out of date', async () => {
    complete();
    form().goStep('review');
    await form().dryRun();
    expect(calls).toEqual([['syncs.dryRunDraft', { draft: expect.objectContaining({ name: 'Events', destinationId: 'd1', dataType: 'records' }), sampleSize: 100 }]]);
    expect(useSyncActivity.getState().dryRun).toMatchObject({ syncName: 'Events', loading: false, error: null });
    expect(form().dryRunOf).toBe(draftSignature(form()));
    form().set({ rowLimit: '10' });
    expect(form().dryRunOf).not.toBe(draftSignature(form()));
  });

  it('a field core refuses (named under draft.) goes beside its field, in its step', async () => {
    complete();
    form().goStep('review');
    refusal = { code: 'invalid_input', message: 'Not valid.', remedy: 'Fix it.', fields: { 'draft.primaryKey': 'Enter the primary key.' } };
    await form().dryRun();
    expect(form()).toMatchObject({ step: 'strategy', errors: { primaryKey: 'Enter the primary key.' } });
    form().goStep('review');
    expect(await form().save()).toBeNull();
    expect(form()).toMatchObject({ step: 'strategy', errors: { primaryKey: 'Enter the primary key.' }, error: null });
  });

  it('saving closes the draft’s dry run: the saved sync has its own', async () => {
    complete();
    await form().dryRun();
    expect(useSyncActivity.getState().dryRun).not.toBeNull();
    expect(await form().save()).toMatchObject({ id: 's1', name: 'Events' });
    expect(useSyncActivity.getState().dryRun).toBeNull();
  });
});
