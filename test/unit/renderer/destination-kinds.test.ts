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
    // Every SaaS kind with a vendor host is pointed at a test server or a private region the same
    // way; a CluedIn URL is its own endpoint.
    if (!['http', 'file', 'cluedin'].includes(kind)) expect(settingNames(descriptor)).toContain('endpoint');
  });

  it('offers Amplitude, Customer.io, CleverTap, CluedIn, HTTP and file; HTTP and file take records', () => {
    expect(availableDescriptors().map((d) => [d.kind, d.dataTypes.map((t) => t.id)])).toEqual([
      ['amplitude', ['events', 'user-properties', 'group-properties']],
      ['customerio', ['identify', 'track', 'group', 'page', 'screen', 'alias']],
      ['clevertap', ['profiles', 'events']],
      ['cluedin', ['entities']],
      ['http', ['records']],
      ['file', ['records']],
    ]);
  });

  it('offers "Send test event" exactly where the engine module can send one', () => {
    for (const d of availableDescriptors()) expect(!!kindForm(d.kind).testEvent, d.kind).toBe(!!destinationModule(d.kind).sendTest);
  });

  it('CluedIn’s test is a record it stores, and the button says so before sending', () => {
    const form = kindForm('cluedin');
    expect(form).toMatchObject({ testNoun: 'record', testStores: 'Store floe-test-record in CluedIn', testEvent: expect.stringContaining('CluedIn stores it') });
    for (const kind of ['amplitude', 'customerio', 'clevertap'] as const) expect(kindForm(kind).testStores, kind).toBeUndefined();
  });
});

describe('a kind’s form round-trips its settings through the descriptor', () => {
  it.each([
    ['http', { url: 'https://example.com/in', method: 'PUT', format: 'ndjson', gzip: true, headers: { 'X-A': 'b' }, auth: 'basic', basicUsername: 'me', batchSize: 77 }],
    ['http', { url: 'http://127.0.0.1:9/x', auth: 'bearer' }],
    ['http', { url: 'https://example.com/in', auth: 'bearer', headers: { 'X-Source': 'floe' }, secretHeaders: ['X-Api-Key', 'X-Tenant-Secret'] }],
    ['file', { directory: '/data/out', format: 'csv', prefix: 'daily' }],
    ['amplitude', {}],
    ['amplitude', { region: 'eu', endpoint: 'http://127.0.0.1:4000/amp', api: 'httpapi', minIdLength: 1, throttlePauseSeconds: 2.5, batchSize: 10, concurrency: 2, maxAttempts: 3 }],
    ['customerio', {}],
    ['customerio', { region: 'eu', endpoint: 'https://proxy.example.com/cio', batchSize: 100, concurrency: 1, timeoutMs: 5000 }],
    ['clevertap', { accountId: 'CT_ACCOUNT' }],
    ['clevertap', { accountId: 'W-123', region: 'mec1', endpoint: 'http://127.0.0.1:4000', identityField: 'objectId', batchSize: 1000, concurrency: 15, maxAttempts: 2 }],
    ['cluedin', { url: 'https://acme.cluedin.net/upload/api/endpoint/9A327661-51FD-4FFC-8DF5-3F80746B996C', entityType: 'Customer' }],
    ['cluedin', { url: 'http://127.0.0.1:4000/upload/api/endpoint/9a327661-51fd-4ffc-8df5-3f80746b996c', entityType: '/Organization', tombstones: false, format: 'ndjson', gzip: false, batchSize: 5000, concurrency: 8, timeoutMs: 5000 }],
  ] as const)('%s %j', (kind, settings) => {
    const descriptor = descriptorFor(kind)!;
    const form = kindForm(kind)!;
    const saved = descriptor.settings.parse(settings) as Record<string, unknown>;
    const values = form.fromSettings(saved);
    expect(form.problems(values)).toEqual({});
    // Settings the form does not show (batchSize) are kept from what was saved.
    expect(descriptor.settings.parse(form.toSettings(values, saved))).toEqual(saved);
    // The form asks for exactly the secrets the engine will read.
    expect(form.secrets(values).map((s) => s.field)).toEqual(descriptor.secretFields(saved));
  });

  it.each([
    ['http', 'url'],
    ['file', 'directory'],
    ['clevertap', 'accountId'],
    ['cluedin', 'url,entityType'],
  ] as const)('a blank %s form says what is missing (%s) before asking core', (kind, fields) => {
    const form = kindForm(kind)!;
    expect(Object.keys(form.problems(form.blank))).toEqual(fields.split(','));
  });

  it('a blank CluedIn form starts from the descriptor’s defaults: tombstones, JSON, gzip, 1,000 records a request, the API token to ask for', () => {
    const form = kindForm('cluedin');
    expect(form.blank).toEqual({ url: '', entityType: '', tombstones: true, format: 'json', gzip: true, batchSize: '1000', concurrency: '2' });
    expect(form.secrets(form.blank)).toMatchObject([{ field: 'token', label: 'API token', where: expect.stringMatching(/Administration → API Tokens/) }]);
  });

  it.each([
    ['', /^Paste the ingestion endpoint’s POST URL \(CluedIn → Ingestion → Endpoints → your endpoint → View instructions\)\.$/],
    ['cluedin.example.com', /full POST URL, starting with https:/],
    ['https://acme.cluedin.net/api/v2/clue', /View instructions.*\/upload\/api\/endpoint\/<endpoint id>/],
    ['http://acme.cluedin.net/upload/api/endpoint/9A327661-51FD-4FFC-8DF5-3F80746B996C', /Use the https:\/\/ URL: the API token must not travel unencrypted/],
  ])('a CluedIn URL %j is refused before saving, saying what to paste', (url, problem) => {
    const form = kindForm('cluedin');
    expect(form.problems({ ...form.blank, url, entityType: 'Customer' })).toEqual({ url: expect.stringMatching(problem) });
  });

  it('a CluedIn entity type is one word of letters, digits and _ / . -', () => {
    const form = kindForm('cluedin');
    const url = 'https://acme.cluedin.net/upload/api/endpoint/9A327661-51FD-4FFC-8DF5-3F80746B996C';
    expect(form.problems({ ...form.blank, url, entityType: 'Customer Accounts' })).toEqual({ entityType: expect.stringMatching(/letters, digits/) });
    expect(form.problems({ ...form.blank, url, entityType: ' /Organization ' })).toEqual({});
    expect(form.toSettings({ ...form.blank, url: ` ${url} `, entityType: ' Customer ' }, {})).toMatchObject({ url, entityType: 'Customer' });
  });

  it.each(['amplitude', 'customerio'] as const)('a blank %s form is complete: the descriptor’s defaults, the vendor’s own host, an API key to ask for', (kind) => {
    const form = kindForm(kind)!;
    expect(form.problems(form.blank)).toEqual({});
    const settings = descriptorFor(kind)!.settings.parse(form.toSettings(form.blank, {})) as Record<string, unknown>;
    expect(settings).toEqual(descriptorFor(kind)!.settings.parse({}));
    expect(settings.endpoint).toBeNull();
    expect(form.secrets(form.blank)).toMatchObject([{ field: 'apiKey', label: 'API key', where: expect.stringMatching(/API Key/) }]);
  });

  it('an empty endpoint override means the region’s host; a typed one is trimmed', () => {
    const form = kindForm('amplitude')!;
    expect(form.toSettings({ ...form.blank, endpoint: '   ' }, {}).endpoint).toBeNull();
    expect(form.toSettings({ ...form.blank, endpoint: ' http://127.0.0.1:9/amp ' }, {}).endpoint).toBe('http://127.0.0.1:9/amp');
  });

  it.each([
    ['amplitude', { minIdLength: '0', throttlePauseSeconds: 'soon', batchSize: '2001', concurrency: '1.5' }, {
      minIdLength: 'Enter a whole number from 1 to 100.',
      throttlePauseSeconds: 'Enter a number from 0.1 to 600.',
      batchSize: 'Enter a whole number from 1 to 2,000.',
      concurrency: 'Enter a whole number from 1 to 16.',
    }],
    ['amplitude', { throttlePauseSeconds: '0.5' }, {}],
    ['customerio', { batchSize: '', concurrency: '17' }, { batchSize: 'Enter a whole number from 1 to 2,500.', concurrency: 'Enter a whole number from 1 to 16.' }],
    ['clevertap', { accountId: 'A', batchSize: '1001', concurrency: '16' }, { batchSize: 'Enter a whole number from 1 to 1,000.', concurrency: 'Enter a whole number from 1 to 15.' }],
    [
      'cluedin',
      { url: 'https://acme.cluedin.net/upload/api/endpoint/9A327661-51FD-4FFC-8DF5-3F80746B996C', entityType: 'Customer', batchSize: '499', concurrency: '9' },
      { batchSize: 'Enter a whole number from 500 to 5,000.', concurrency: 'Enter a whole number from 1 to 8.' },
    ],
    ['cluedin', { url: 'https://acme.cluedin.net/upload/api/endpoint/9A327661-51FD-4FFC-8DF5-3F80746B996C', entityType: 'Customer', batchSize: '5000' }, {}],
  ] as const)('%s numbers are checked against the schema’s ranges before saving: %j', (kind, patch, problems) => {
    const form = kindForm(kind)!;
    expect(form.problems({ ...form.blank, ...patch })).toEqual(problems);
    // Every problem is for a field core's errors can point at too.
    for (const key of Object.keys(problems)) expect(form.fields).toContain(key);
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
