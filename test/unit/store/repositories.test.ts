import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/core/store';
import { connectionDraft, destinationDraft, syncDraft } from '../../helpers/fixtures';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const store = () => openStore(path.join(tempDir(), 'floe.db'));

describe('the store', () => {
  it('opens SQLite in WAL mode with a busy timeout and foreign keys on', () => {
    const { db } = store();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('keeps what was saved across reopening the file', () => {
    const file = path.join(tempDir(), 'floe.db');
    const first = openStore(file);
    const created = first.connections.create(connectionDraft());
    first.close();
    const second = openStore(file);
    expect(second.connections.list()).toEqual([created]);
  });
});

describe('connections', () => {
  it('creates, lists by name, updates and deletes', () => {
    const s = store();
    const b = s.connections.create(connectionDraft({ name: 'B' }));
    const a = s.connections.create(connectionDraft({ name: 'A' }));
    expect(s.connections.list().map((c) => c.name)).toEqual(['A', 'B']);
    expect(a).toMatchObject({ status: 'untested', lastTestedAt: null, authKind: 'password' });

    const updated = s.connections.update(b.id, connectionDraft({ name: 'B2', warehouse: 'BIG_WH' }));
    expect(updated).toMatchObject({ name: 'B2', warehouse: 'BIG_WH' });

    s.connections.recordTest(a.id, { ok: false, error: 'JWT token is invalid' }, new Date('2026-05-01T10:00:00Z'));
    expect(s.connections.get(a.id)).toMatchObject({ status: 'failed', lastError: 'JWT token is invalid', lastTestedAt: '2026-05-01T10:00:00.000Z' });

    expect(s.connections.delete(a.id)).toBe(true);
    expect(s.connections.delete(a.id)).toBe(false);
    expect(s.connections.get(a.id)).toBeUndefined();
  });

  it('refuses a second connection with the same name, whatever its case', () => {
    const s = store();
    s.connections.create(connectionDraft({ name: 'Prod' }));
    expect(() => s.connections.create(connectionDraft({ name: 'prod' }))).toThrow(/already exists/);
  });
});

describe('destinations and syncs', () => {
  it('round-trips settings and sync definitions as they were given', () => {
    const s = store();
    const c = s.connections.create(connectionDraft());
    const d = s.destinations.create(destinationDraft({ settings: { url: 'http://127.0.0.1:1/x', headers: { 'X-A': '1' }, batchSize: 500 } }));
    expect(s.destinations.get(d.id)?.settings).toEqual({ url: 'http://127.0.0.1:1/x', headers: { 'X-A': '1' }, batchSize: 500 });

    const draft = syncDraft(c.id, d.id, { strategy: 'diff', primaryKey: ['USER_ID', 'DAY'], schedule: { kind: 'cron', expression: '0 6 * * *', timezone: 'Europe/Paris', catchUp: 'once' } });
    const sync = s.syncs.create(draft);
    expect(s.syncs.get(sync.id)).toMatchObject({ ...draft });
    expect(s.syncs.findByName('Daily events')?.id).toBe(sync.id);
  });

  it('will not delete a destination a sync still uses', () => {
    const s = store();
    const c = s.connections.create(connectionDraft());
    const d = s.destinations.create(destinationDraft());
    s.syncs.create(syncDraft(c.id, d.id));
    expect(() => s.destinations.delete(d.id)).toThrow(/still in use by a sync/);
    expect(s.destinations.get(d.id)).toBeDefined();
  });
});

describe('runs', () => {
  const withSync = () => {
    const s = store();
    const c = s.connections.create(connectionDraft());
    const d = s.destinations.create(destinationDraft());
    return { s, sync: s.syncs.create(syncDraft(c.id, d.id)) };
  };

  it('records a run from queued to finished with its counters and error', () => {
    const { s, sync } = withSync();
    const run = s.runs.queue(sync.id, 'manual', { now: new Date('2026-01-01T00:00:00Z') });
    expect(run).toMatchObject({ status: 'queued', trigger: 'manual', dryRun: false, startedAt: null });
    s.runs.start(run.id, new Date('2026-01-01T00:00:01Z'));
    s.runs.recordProgress(run.id, { read: 10, sent: 7, rejected: 1, unchanged: 2, skipped: 0, deleted: 3, maybeDuplicated: 2, bytesSent: 900 }, '01b2-query');
    s.runs.finish(run.id, 'partially_succeeded', { code: 'rejected_rows', message: '1 row rejected', remedy: 'See the run.' }, new Date('2026-01-01T00:00:05Z'));
    expect(s.runs.get(run.id)).toMatchObject({
      status: 'partially_succeeded',
      startedAt: '2026-01-01T00:00:01.000Z',
      finishedAt: '2026-01-01T00:00:05.000Z',
      counters: { read: 10, sent: 7, rejected: 1, unchanged: 2, skipped: 0, deleted: 3, maybeDuplicated: 2, bytesSent: 900 },
      queryId: '01b2-query',
      error: { code: 'rejected_rows' },
    });
  });

  it('lists newest first, optionally for one sync', () => {
    const { s, sync } = withSync();
    const older = s.runs.queue(sync.id, 'schedule', { now: new Date('2026-01-01T00:00:00Z') });
    s.runs.finish(older.id, 'succeeded');
    const newer = s.runs.queue(sync.id, 'manual', { now: new Date('2026-01-02T00:00:00Z') });
    expect(s.runs.list().map((r) => r.id)).toEqual([newer.id, older.id]);
    expect(s.runs.list({ syncId: sync.id, limit: 1 }).map((r) => r.id)).toEqual([newer.id]);
  });

  it('marks runs a crash left running as failed, with what to do', () => {
    const { s, sync } = withSync();
    const done = s.runs.queue(sync.id, 'manual');
    s.runs.finish(done.id, 'succeeded');
    const running = s.runs.queue(sync.id, 'manual');
    s.runs.start(running.id);
    expect(s.runs.failInterrupted()).toBe(1);
    expect(s.runs.get(running.id)).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });
    expect(s.runs.get(done.id)?.status).toBe('succeeded');
  });
});

describe('connection status across edits', () => {
  it('keeps the verdict on a rename, and clears it when a sign-in field changes', () => {
    const s = store();
    const c = s.connections.create(connectionDraft());
    s.connections.recordTest(c.id, { ok: true, error: null });
    const renamed = s.connections.update(c.id, connectionDraft({ name: 'Renamed' }));
    expect(renamed).toMatchObject({ name: 'Renamed', status: 'ok' });
    const moved = s.connections.update(c.id, connectionDraft({ name: 'Renamed', warehouse: 'OTHER_WH' }));
    expect(moved?.status).toBe('untested');
  });
});

describe('interrupted runs and their processes', () => {
  it('marks only runs whose process is gone, never a run another live process is doing', () => {
    const s = store();
    const c = s.connections.create(connectionDraft());
    const d = s.destinations.create(destinationDraft());
    // One open run per sync (the lease): three syncs, one run each.
    const [a, b, e] = ['A', 'B', 'E'].map((name) => s.syncs.create(syncDraft(c.id, d.id, { name })));
    const ours = s.runs.queue(a!.id, 'manual');
    const live = s.runs.queue(b!.id, 'cli');
    const dead = s.runs.queue(e!.id, 'cli');
    s.db.prepare('UPDATE runs SET owner_pid = ? WHERE id = ?').run(111, live.id);
    s.db.prepare('UPDATE runs SET owner_pid = ? WHERE id = ?').run(222, dead.id);
    expect(s.runs.failInterrupted(new Date(), (pid) => pid === 111)).toBe(2);
    expect(s.runs.get(live.id)?.status).toBe('queued');
    expect(s.runs.get(dead.id)?.error?.code).toBe('interrupted');
    expect(s.runs.get(ours.id)?.error?.code).toBe('interrupted');
  });
});
