import { describe, expect, it } from 'vitest';
import type { Destination, Sync, SyncOverview } from '../../../shared/schemas';
import { foldForSearch, matchesSearch, searchTerms } from '../../../shared/search';
import { destinationSearchTexts, searchDestinations } from '../../../renderer/src/features/destinations/destination-search';
import { searchSyncs, syncSearchTexts, type SyncSearchContext } from '../../../renderer/src/features/syncs/sync-search';

describe('how a search compares text', () => {
  it.each([
    ['Nightly EXPORT', 'nightly export'],
    ['Café Übersicht', 'cafe ubersicht'],
    ['  spaced  ', '  spaced  '],
    ['100% _done_ C:\\', '100% _done_ c:\\'],
  ])('folds %j to %j', (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });

  it('splits a search into folded words, none for a blank one', () => {
    expect(searchTerms('  Orders   FAILING ')).toEqual(['orders', 'failing']);
    expect(searchTerms('')).toEqual([]);
    expect(searchTerms(' \t ')).toEqual([]);
  });

  it.each([
    { terms: [], texts: ['anything'], found: true },
    { terms: ['ord'], texts: ['Orders'], found: true },
    { terms: ['orders', 'failing'], texts: ['Orders', 'Failing'], found: true },
    { terms: ['failing', 'orders'], texts: ['Orders', 'Failing'], found: true },
    { terms: ['orders', 'paused'], texts: ['Orders', 'Failing'], found: false },
    // A word never straddles two texts: "sfail" is not in "Orders" + "Failing".
    { terms: ['sfail'], texts: ['Orders', 'Failing'], found: false },
    { terms: ['cafe'], texts: [null, undefined, 'Le Café'], found: true },
    { terms: ['%'], texts: ['100 percent'], found: false },
    { terms: ['%'], texts: ['100%'], found: true },
  ])('$terms in $texts: $found', ({ terms, texts, found }) => {
    expect(matchesSearch(terms, texts)).toBe(found);
  });
});

const sync = (id: string, name: string, over: Partial<Sync> = {}): Sync => ({
  id,
  name,
  connectionId: 'c-prod',
  destinationId: 'd-crm',
  dataType: 'records',
  query: 'SELECT * FROM EVENTS',
  strategy: 'full',
  watermarkColumn: null,
  primaryKey: [],
  mapping: { rules: [], passThrough: true },
  schedule: { kind: 'manual' },
  rowLimit: 40_000_000,
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const overview = (syncId: string, status: SyncOverview['status'], statusText: string): SyncOverview => ({
  syncId,
  status,
  statusText,
  schedule: 'Every hour',
  nextRunAt: null,
  nextRunText: null,
  lastRun: null,
  activeRunId: null,
  health: null,
  healthRuns: 0,
});

describe('the syncs list’s search', () => {
  const orders = sync('s1', 'Orders to CRM');
  const events = sync('s2', 'Events export', { connectionId: 'c-dev', destinationId: 'd-files' });
  const users = sync('s3', 'Users', { enabled: false });
  const context: SyncSearchContext = {
    overviews: [
      overview('s1', 'failing', 'Failing since Mon 3 Feb 09:00'),
      overview('s2', 'scheduled', 'Scheduled: next run Tue 4 Feb 10:00'),
      overview('s3', 'paused', 'Paused: its schedule does not run until resumed'),
    ],
    connections: [
      { id: 'c-prod', name: 'Production warehouse' },
      { id: 'c-dev', name: 'Dev warehouse' },
    ],
    destinations: [
      { id: 'd-crm', name: 'Customer.io' },
      { id: 'd-files', name: 'Nightly files' },
    ],
  };
  const names = (search: string) => searchSyncs([orders, events, users], search, context).map((s) => s.name);

  it('finds nothing missing with a blank search, in the list’s order', () => {
    expect(names('')).toEqual(['Orders to CRM', 'Events export', 'Users']);
    expect(names('   ')).toEqual(['Orders to CRM', 'Events export', 'Users']);
  });

  it.each([
    ['by its name, any case', 'ORDERS', ['Orders to CRM']],
    ['by its destination’s name', 'nightly', ['Events export']],
    ['by its connection’s name', 'production', ['Orders to CRM', 'Users']],
    ['by its status word', 'failing', ['Orders to CRM']],
    ['by a paused sync’s status', 'paused', ['Users']],
    ['by words from different places', 'warehouse failing', ['Orders to CRM']],
    ['by every word only', 'orders paused', []],
    ['by status words the list shows, not those in a tooltip', 'tue', []],
    ['by a scheduled sync’s badge', 'scheduled', ['Events export']],
  ])('finds a sync %s', (_, search, found) => {
    expect(names(search)).toEqual(found);
  });

  it('finds a paused sync by the word before its overview has loaded', () => {
    expect(searchSyncs([orders, users], 'paused', { ...context, overviews: [] }).map((s) => s.name)).toEqual(['Users']);
  });

  it('looks in a deleted destination’s place for nothing rather than failing', () => {
    expect(syncSearchTexts(sync('s9', 'Orphan', { destinationId: 'gone' }), context)).toEqual(['Orphan', 'Production warehouse', '']);
  });
});

describe('the destinations list’s search', () => {
  const destination = (name: string, kind: Destination['kind'], settings: Record<string, unknown>) => ({ name, kind, settings });
  const files = destination('Nightly files', 'file', { directory: '/srv/exports', format: 'csv', prefix: 'floe' });
  const hook = destination('Webhook', 'http', { url: 'https://hooks.example.com/floe', method: 'POST' });
  const all = [files, hook];
  const names = (search: string) => searchDestinations(all, search).map((d) => d.name);

  it('looks in the name, the type and where it sends, as the table shows them', () => {
    expect(destinationSearchTexts(files)).toEqual(['Nightly files', 'File', 'CSV files in /srv/exports']);
  });

  it.each([
    ['', ['Nightly files', 'Webhook']],
    ['webhook', ['Webhook']],
    ['http endpoint', ['Webhook']],
    ['/srv/exports', ['Nightly files']],
    ['csv nightly', ['Nightly files']],
    ['hooks.example', ['Webhook']],
    ['ndjson', []],
  ])('%j finds %j', (search, found) => {
    expect(names(search)).toEqual(found);
  });
});
