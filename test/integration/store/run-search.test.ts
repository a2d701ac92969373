import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/core/store';
import { RunQuery, type RunStatus } from '../../../shared/schemas';
import { connectionDraft, destinationDraft, syncDraft } from '../../helpers/fixtures';
import { useTempDirs } from '../../helpers/temp-dir';

// The run history's search runs in SQL over a real SQLite file: each word of it found in the
// sync's name, the run's error or note, or the start of the run's id; LIKE's wildcards typed in a
// search are literal; and it narrows whatever the other filters chose.
const tempDir = useTempDirs();

interface Made {
  store: Store;
  ids: Record<string, string>;
  names(query: Partial<RunQuery>): string[];
}

/** Three syncs and a run per case, each queued a minute after the last; `names` lists the labels of the runs a query finds, newest first. */
function withRuns(): Made {
  const store = openStore(path.join(tempDir(), 'floe.db'));
  const connection = store.connections.create(connectionDraft());
  const destination = store.destinations.create(destinationDraft());
  const sync = (name: string) => store.syncs.create(syncDraft(connection.id, destination.id, { name })).id;
  const orders = sync('Orders to CRM');
  const events = sync('Events export');
  const cafe = sync('Café Übersicht');

  const ids: Record<string, string> = {};
  const labels = new Map<string, string>();
  let minute = 0;
  const run = (label: string, syncId: string, status: RunStatus, error: string | null = null) => {
    const now = new Date(Date.UTC(2026, 0, 1, 9, minute++));
    const queued = store.runs.queue(syncId, 'manual', { now });
    store.runs.finish(queued.id, status, error ? { code: 'test', message: error, remedy: 'Nothing to do.' } : null, now);
    ids[label] = queued.id;
    labels.set(queued.id, label);
  };
  run('orders ok', orders, 'succeeded');
  run('orders refused', orders, 'failed', 'connect ECONNREFUSED 127.0.0.1:9');
  run('events percent', events, 'failed', 'The API quota is 100% used for today.');
  run('events per cent', events, 'failed', 'The API quota is 100 percent used, 1000 calls.');
  run('events underscore', events, 'partially_succeeded', 'Field user_id is missing in 2 rows.');
  run('events userXid', events, 'partially_succeeded', 'Field userXid is missing in 3 rows.');
  run('events backslash', events, 'failed', 'Cannot write to C:\\exports\\floe.');
  run('cafe ok', cafe, 'succeeded');
  const skipped = store.runs.recordSkipped(orders, 'schedule', { code: 'missed', message: 'Skipped: asleep.', remedy: 'None.' }, { now: new Date(Date.UTC(2026, 0, 1, 9, minute++)) });
  store.runs.setNote(skipped.id, 'Missed 3 runs while the computer slept.');
  ids['orders slept'] = skipped.id;
  labels.set(skipped.id, 'orders slept');

  const names = (query: Partial<RunQuery>) => store.runs.list({ limit: 500, ...query }).map((r) => labels.get(r.id)!);
  return { store, ids, names };
}

describe('searching the run history', () => {
  it('finds runs by their sync’s name, whatever the case', () => {
    const { names } = withRuns();
    expect(names({ search: 'orders' })).toEqual(['orders slept', 'orders refused', 'orders ok']);
    expect(names({ search: 'EVENTS EXPORT' })).toEqual(['events backslash', 'events userXid', 'events underscore', 'events per cent', 'events percent']);
  });

  it('folds case and accents beyond ASCII, as the lists in the window do', () => {
    const { names } = withRuns();
    expect(names({ search: 'ÜBERSICHT' })).toEqual(['cafe ok']);
    expect(names({ search: 'cafe ubersicht' })).toEqual(['cafe ok']);
  });

  it('finds runs by their error’s text and by their note', () => {
    const { names } = withRuns();
    expect(names({ search: 'econnrefused' })).toEqual(['orders refused']);
    expect(names({ search: '127.0.0.1:9' })).toEqual(['orders refused']);
    expect(names({ search: 'computer slept' })).toEqual(['orders slept']);
  });

  it('finds a run by the start of its id, not by the middle of it', () => {
    const { ids, names } = withRuns();
    const id = ids['orders refused']!;
    expect(names({ search: id.slice(0, 8) })).toEqual(['orders refused']);
    expect(names({ search: id.toUpperCase() })).toEqual(['orders refused']);
    expect(names({ search: id.slice(9, 13) }).includes('orders refused')).toBe(false);
  });

  it('needs every word, each in any of the places', () => {
    const { names } = withRuns();
    expect(names({ search: 'orders econnrefused' })).toEqual(['orders refused']);
    expect(names({ search: 'econnrefused events' })).toEqual([]);
  });

  it('takes %, _ and \\ in a search literally', () => {
    const { names } = withRuns();
    // As LIKE wildcards, '%' would match every run and '100%used' both quota errors.
    expect(names({ search: '%' })).toEqual(['events percent']);
    expect(names({ search: '100%' })).toEqual(['events percent']);
    expect(names({ search: '100%used' })).toEqual([]);
    // '_' would match any one character: userXid.
    expect(names({ search: 'user_id' })).toEqual(['events underscore']);
    expect(names({ search: '_' })).toEqual(['events underscore']);
    // A backslash, the escape character itself, is a character like another.
    expect(names({ search: 'c:\\exports' })).toEqual(['events backslash']);
    expect(names({ search: '\\' })).toEqual(['events backslash']);
    expect(names({ search: '\\%' })).toEqual([]);
  });

  it('narrows what the other filters chose', () => {
    const { store, names } = withRuns();
    const events = store.syncs.list().find((s) => s.name === 'Events export')!.id;
    expect(names({ search: 'quota', statuses: ['failed'] })).toEqual(['events per cent', 'events percent']);
    expect(names({ search: 'missing', statuses: ['failed'] })).toEqual([]);
    expect(names({ search: 'field', syncId: events, statuses: ['partially_succeeded'] })).toEqual(['events userXid', 'events underscore']);
    expect(names({ search: 'orders', since: '2026-01-01T09:01:00.000Z', until: '2026-01-01T09:07:00.000Z' })).toEqual(['orders refused']);
    expect(names({ search: 'quota', limit: 1 })).toEqual(['events per cent']);
  });

  it('finds every run with a blank search', () => {
    const { names } = withRuns();
    expect(names({ search: '   ' })).toHaveLength(9);
    expect(names({ search: '' })).toEqual(names({}));
  });

  it('is part of the IPC contract’s run query, at most 200 characters', () => {
    expect(RunQuery.parse({ search: 'orders', limit: 10 })).toEqual({ search: 'orders', limit: 10 });
    expect(RunQuery.safeParse({ search: 'x'.repeat(201) }).success).toBe(false);
  });
});
