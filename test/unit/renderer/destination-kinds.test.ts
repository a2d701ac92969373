import { describe, expect, it, vi } from 'vitest';
import { availableDescriptors, descriptorFor } from '../../../shared/destinations';
import { DestinationKind, type Destination } from '../../../shared/schemas';
import { settingNames } from '../../../electron/core/cli/settings-args';
import { destinationModule } from '../../../electron/engine/destinations';

// The renderer reaches core through window.floe, which exists only in a browser; these tests
// exercise the forms' own logic, never a call to core.
vi.mock('../../../renderer/src/lib/api', () => ({ floe: {}, toIpcError: (e: unknown) => e, unwrap: async (v: unknown) => v }));
const { kindForm } = await import('../../../renderer/src/features/destinations/kinds');
const { localProblems, useSyncForm } = await import('../../../renderer/src/features/syncs/sync-form-store');

describe('a destination is registered once on each side', () => {
  it.each(DestinationKind.options)('%s: a descriptor, an engine module and a form, all or none', (kind) => {
    const descriptor = descriptorFor(kind);
    const module = destinationModule(kind);
    const form = kindForm(kind);
    expect(!!module, 'engine module').toBe(!!descriptor);
    expect(!!form, 'renderer form').toBe(!!descriptor);
    if (!descriptor) return;
    expect(module!.descriptor).toBe(descriptor);
    expect(form!.kind).toBe(kind);
    expect(descriptor.dataTypes.length).toBeGreaterThan(0);
    // Every SaaS kind is pointed at a test server or a private region the same way.
    if (kind !== 'http' && kind !== 'file') expect(settingNames(descriptor)).toContain('endpoint');
  });

  it('offers HTTP and file, with records as their data type', () => {
    expect(availableDescriptors().map((d) => [d.kind, d.dataTypes.map((t) => t.id)])).toEqual([
      ['http', ['records']],
      ['file', ['records']],
    ]);
  });
});

describe('a kind’s form round-trips its settings through the descriptor', () => {
  it.each([
    ['http', { url: 'https://example.com/in', method: 'PUT', format: 'ndjson', gzip: true, headers: { 'X-A': 'b' }, auth: 'basic', basicUsername: 'me', batchSize: 77 }],
    ['http', { url: 'http://127.0.0.1:9/x', auth: 'bearer' }],
    ['file', { directory: '/data/out', format: 'csv', prefix: 'daily' }],
  ] as const)('%s %j', (kind, settings) => {
    const descriptor = descriptorFor(kind)!;
    const form = kindForm(kind)!;
    const saved = descriptor.settings.parse(settings) as Record<string, unknown>;
    const values = form.fromSettings(saved);
    expect(form.problems(values)).toEqual({});
    // Settings the form does not show (batchSize) are kept from what was saved.
    expect(descriptor.settings.parse(form.toSettings(values, saved))).toEqual(saved);
    // The form asks for exactly the secret the engine will read.
    expect(form.secret(values)?.field ?? null).toBe(descriptor.secretFields(saved)[0] ?? null);
  });

  it.each([
    ['http', 'url'],
    ['file', 'directory'],
  ] as const)('a blank %s form says what is missing (%s) before asking core', (kind, field) => {
    const form = kindForm(kind)!;
    expect(Object.keys(form.problems(form.blank))).toEqual([field]);
  });
});

describe('the sync form follows the destination’s data type', () => {
  const destination = (kind: 'http' | 'file'): Destination => ({ id: `d-${kind}`, name: kind, kind, settings: {}, createdAt: '', updatedAt: '' });

  it('starts from the data type’s preset and keeps the user’s mapping once changed', () => {
    const form = useSyncForm.getState();
    form.start({}, destination('http'));
    expect(useSyncForm.getState()).toMatchObject({ destinationId: 'd-http', dataType: 'records', passThrough: true, rules: [] });
    useSyncForm.getState().addRule();
    useSyncForm.getState().setRule(0, { target: 'user_id', source: 'USER_ID' });
    useSyncForm.getState().chooseDestination(destination('file'));
    // The file destination takes records too: the data type and the user's rule stay.
    expect(useSyncForm.getState()).toMatchObject({ destinationId: 'd-file', dataType: 'records', rules: [{ target: 'user_id', source: 'USER_ID' }] });
  });

  it('says to choose a data type when the destination gave none', () => {
    useSyncForm.getState().start({ name: 'x' });
    useSyncForm.getState().set({ destinationId: 'somewhere' });
    expect(localProblems(useSyncForm.getState()).dataType).toBe('Choose what the rows become at the destination.');
  });
});
