import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedSizes } from '../../emulators/snowflake';
import { useEngineEnv } from './helpers';

const ROWS = 500;
const USERS = seedSizes(ROWS).users;
const t = useEngineEnv(ROWS);

async function fileSync(format: 'ndjson' | 'csv', directory: string) {
  const destination = await t.env.core.handlers['destinations.create']({ name: `File ${format} ${Date.now()}`, kind: 'file', settings: { directory, format, prefix: 'users' } });
  return t.env.sync({ destinationId: destination.id, strategy: 'full', primaryKey: ['USER_ID'], query: 'SELECT USER_ID, EMAIL, PLAN, CREATED_AT, ATTRIBUTES FROM USERS' });
}

describe('the file destination', () => {
  it('writes one NDJSON file per run, atomically, with every row', async () => {
    const directory = t.tempDir();
    const sync = await fileSync('ndjson', directory);
    const run = await t.env.run(sync.id);
    expect(run.counters).toMatchObject({ read: USERS, sent: USERS });
    const files = fs.readdirSync(directory);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^users-sync-[a-z0-9]+-\d{4}-\d{2}-\d{2}T.*\.ndjson$/);
    const lines = fs.readFileSync(path.join(directory, files[0]!), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(USERS);
    expect(lines[0]).toMatchObject({ user_id: expect.stringMatching(/^user_/), created_at: expect.stringMatching(/Z$/), attributes: expect.any(Object), _floe_id: expect.any(String) });
  });

  it('writes CSV with a header and quoted fields', async () => {
    const directory = t.tempDir();
    const sync = await fileSync('csv', directory);
    const run = await t.env.run(sync.id);
    expect(run.counters.sent).toBe(USERS);
    const text = fs.readFileSync(path.join(directory, fs.readdirSync(directory)[0]!), 'utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('user_id,email,plan,created_at,attributes,_floe_id');
    expect(lines).toHaveLength(USERS + 1);
    expect(lines[1]).toMatch(/^user_\d+,[^,]+@example\.com,\w+,\d{4}-[^,]+Z,"\{""/);
  });

  it('leaves no file and no partial file when the run fails', async () => {
    const directory = t.tempDir();
    const sync = await fileSync('ndjson', directory);
    await t.env.core.handlers['syncs.update']({ id: sync.id, draft: { ...sync, query: 'SELECT * FROM NO_SUCH_TABLE' } });
    const run = await t.env.run(sync.id);
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('object_missing_or_not_authorized');
    expect(fs.readdirSync(directory)).toEqual([]);
  });
});

describe('dry run and preview', () => {
  it('dry run maps a sample, shows the exact request and each row’s problem, and sends nothing', async () => {
    t.fake.reset();
    const sync = await t.env.sync({
      strategy: 'diff',
      primaryKey: ['USER_ID'],
      query: "SELECT USER_ID, IFF(USER_ID = 'user_0000001', NULL, EMAIL) AS EMAIL FROM USERS ORDER BY USER_ID",
      mapping: { rules: [{ target: 'traits.email', source: 'EMAIL', type: 'string', required: true }], passThrough: true },
    });
    const result = await t.env.core.handlers['syncs.dryRun']({ id: sync.id, sampleSize: 5 });
    expect(result.counts).toEqual({ read: 5, send: 4, unchanged: 0, rejected: 1 });
    expect(result.rows.find((r) => r.status === 'rejected')).toMatchObject({ key: 'user_0000001', reason: 'traits.email is required but EMAIL is null' });
    const body = JSON.parse(result.requests[0]!.body);
    expect(body[0]).toMatchObject({ traits: { email: 'user0000000@example.com' }, user_id: 'user_0000000', _floe_id: expect.any(String) });
    expect(result.requests[0]).toMatchObject({ method: 'POST', url: t.env.destination.settings.url });
    expect(result.requests[0]!.headers['content-type']).toBe('application/json');
    expect(result.problems).toEqual([]);
    expect(t.fake.stats().requests).toBe(0);
    expect(t.env.core.store.runs.list({ syncId: sync.id })).toEqual([]);
  });

  it('a file destination’s dry run shows the file it would write, and writes none', async () => {
    const directory = t.tempDir();
    const sync = await fileSync('csv', directory);
    const result = await t.env.core.handlers['syncs.dryRun']({ id: sync.id, sampleSize: 3 });
    expect(result.requests).toHaveLength(1);
    expect(result.requests[0]!.method).toBe('WRITE');
    expect(result.requests[0]!.url).toMatch(new RegExp(`^file://${directory}/users-sync-[a-z0-9]+-\\d{4}-.*\\.csv$`));
    expect(result.requests[0]!.body.split('\r\n')[0]).toBe('user_id,email,plan,created_at,attributes,_floe_id');
    expect(fs.readdirSync(directory)).toEqual([]);
  });

  it('dry run names a primary key the query does not return', async () => {
    const sync = await t.env.sync({ strategy: 'diff', primaryKey: ['NOPE'], query: 'SELECT USER_ID FROM USERS' });
    const result = await t.env.core.handlers['syncs.dryRun']({ id: sync.id, sampleSize: 3 });
    expect(result.problems).toContain("The primary key column NOPE is not in the query's output. Add it to the SELECT list, or change the sync’s primary key.");
    // The run refuses to start rather than rejecting every row.
    const run = await t.env.run(sync.id);
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('primary_key_missing');
  });

  it('preview returns the first 100 rows with column types, and errors with a remedy', async () => {
    const preview = await t.env.core.handlers['syncs.preview']({ connectionId: t.env.connection.id, query: 'SELECT USER_ID, LIFETIME_VALUE, CREATED_AT FROM USERS' });
    expect(preview.error).toBeNull();
    expect(preview.rows).toHaveLength(Math.min(100, USERS));
    expect(preview.truncated).toBe(USERS > 100);
    expect(preview.columns.map((c) => [c.name, c.type])).toEqual([['USER_ID', 'text'], ['LIFETIME_VALUE', 'fixed'], ['CREATED_AT', 'timestamp_ntz']]);
    expect(typeof preview.rows[0]!.CREATED_AT).toBe('string');
    const broken = await t.env.core.handlers['syncs.preview']({ connectionId: t.env.connection.id, query: 'SELEC 1' });
    expect(broken.error?.message).toMatch(/syntax/i);
  });
});

describe('a destination that cannot be opened', () => {
  it('fails the run with what happened and what to check', async () => {
    const blocked = path.join(t.tempDir(), 'not-a-folder');
    fs.mkdirSync(blocked);
    const sync = await fileSync('ndjson', blocked);
    // The folder was there when the destination was saved; a file took its place since.
    fs.rmdirSync(blocked);
    fs.writeFileSync(blocked, 'a file where the folder should be');
    const run = await t.env.run(sync.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'folder_unusable', message: `${blocked} is not a folder: it, or a part of its path, is a file.`, remedy: 'Choose a folder, not a file.' });
  });
});
