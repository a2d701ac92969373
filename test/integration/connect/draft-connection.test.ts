import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/core';
import { dispatch } from '../../../electron/core/ipc/dispatch';
import { Keychain } from '../../../electron/core/secrets';
import type { ConnectionDraft, KeyInfo } from '../../../shared/schemas';
import { startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { runAsAdmin } from '../../helpers/admin-sql';
import { useTempDirs } from '../../helpers/temp-dir';

// The setup wizard tests a connection before anything is saved (issue 13 §1.8): the draft's key
// pair lives in core's memory, its password serves the test only, and Save is the first write.
const tempDir = useTempDirs('all');
let emulator: EmulatorHandle;
let core: Core;
let secrets: Keychain;
let home: string;

beforeAll(async () => {
  emulator = await startEmulator({ rows: 50 });
  secrets = new Keychain(`FloeTest-${randomUUID()}`);
  home = tempDir();
  core = createCore({ home, mode: 'headless', secrets, connectionTestTimeoutMs: 20_000 });
});
afterAll(async () => {
  await core?.close();
  await emulator?.close();
});

const call = (channel: string, input: unknown) => dispatch(core.handlers, channel, input, core.log);

function draft(over: Partial<ConnectionDraft>): ConnectionDraft {
  return {
    name: `Draft ${randomUUID().slice(0, 8)}`,
    account: emulator.account.toLowerCase(),
    username: 'DRAFT_USER',
    role: 'DRAFT_ROLE',
    warehouse: 'DRAFT_WH',
    database: emulator.database,
    schema: emulator.schema,
    authKind: 'keypair',
    keyId: null,
    objects: { kind: 'all' },
    accessUrl: emulator.accessUrl,
    ...over,
  };
}

const grantsFor = (keyId: string) =>
  core.connections.grantSql({
    user: 'DRAFT_USER',
    role: 'DRAFT_ROLE',
    warehouse: 'DRAFT_WH',
    database: emulator.database,
    schema: emulator.schema,
    createUser: true,
    createRole: true,
    createWarehouse: true,
    objects: { kind: 'all' },
    auth: { kind: 'keypair', keyId },
  });

const inKeychain = async (id: string) => ({
  privateKey: await secrets.get({ kind: 'key', id, field: 'privateKey' }),
  passphrase: await secrets.get({ kind: 'key', id, field: 'passphrase' }),
});

describe('a connection set up as a draft', () => {
  let key: KeyInfo;

  it('gets a draft key pair: its public half for the setup SQL, nothing in the keychain or the key list', async () => {
    key = await core.handlers['keys.generate']({ name: 'draft key', draft: true });
    expect(key.fingerprint).toMatch(/^SHA256:/);
    expect(await core.handlers['keys.list']({})).toEqual([]);
    expect(await inKeychain(key.id)).toEqual({ privateKey: null, passphrase: null });
    expect(await core.handlers['secrets.has']({ ref: { kind: 'key', id: key.id, field: 'privateKey' } })).toEqual({ present: false });
    expect(grantsFor(key.id)).toContain(key.publicKey.slice(0, 40));
  });

  it('is tested as a draft: failing before the setup SQL ran, passing after, recording nothing', async () => {
    const before = await core.handlers['connections.testDraft']({ draft: draft({ keyId: key.id }) });
    expect(before.ok).toBe(false);
    expect(before.error?.code).toBe('jwt_invalid');

    await runAsAdmin(emulator, grantsFor(key.id));
    const after = await core.handlers['connections.testDraft']({ draft: draft({ keyId: key.id }) });
    expect(after.error).toBeNull();
    expect(after).toMatchObject({ ok: true, role: 'DRAFT_ROLE', warehouse: 'DRAFT_WH' });
    expect(await core.handlers['connections.list']({})).toEqual([]);
    expect(await inKeychain(key.id)).toEqual({ privateKey: null, passphrase: null });
  });

  it('a save that fails (a taken name) leaves the key a draft and the keychain untouched', async () => {
    const taken = core.store.connections.create(draft({ name: 'Taken name', authKind: 'password' }));
    const refused = await call('connections.create', draft({ name: 'Taken name', keyId: key.id }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'name_taken' } });
    expect(core.store.keys.get(key.id)).toBeUndefined();
    expect(await inKeychain(key.id)).toEqual({ privateKey: null, passphrase: null });
    expect((await core.handlers['connections.testDraft']({ draft: draft({ keyId: key.id }) })).ok).toBe(true);
    await core.handlers['connections.delete']({ id: taken.id });
  });

  it('Save keeps the draft key with the connection, under the id the setup SQL was written with', async () => {
    const created = await core.handlers['connections.create'](draft({ name: 'Saved draft', keyId: key.id }));
    expect(created).toMatchObject({ keyId: key.id, keyFingerprint: key.fingerprint, status: 'untested' });
    expect(await core.handlers['keys.list']({})).toEqual([expect.objectContaining({ id: key.id, fingerprint: key.fingerprint })]);
    expect((await inKeychain(key.id)).privateKey).toContain('PRIVATE KEY');
    expect(core.keys.isDraft(key.id)).toBe(false);
    expect(await core.handlers['connections.test']({ id: created.id })).toMatchObject({ ok: true });
    expect(core.store.connections.get(created.id)?.status).toBe('ok');
  });

  it('an encrypted draft key keeps its passphrase in the keychain only once saved', async () => {
    const passphrase = `pass-${randomUUID()}`;
    const encrypted = await core.handlers['keys.generate']({ name: 'encrypted draft', passphrase, draft: true });
    expect(encrypted.encrypted).toBe(true);
    expect(await inKeychain(encrypted.id)).toEqual({ privateKey: null, passphrase: null });
    await core.handlers['connections.create'](draft({ name: 'Encrypted draft', keyId: encrypted.id }));
    expect(await inKeychain(encrypted.id)).toEqual({ privateKey: expect.stringContaining('ENCRYPTED PRIVATE KEY'), passphrase });
    expect((await core.keys.privateKey(encrypted.id)).privateKey).toContain('PRIVATE KEY');
  });

  it('a draft key dropped (the wizard closed) is gone: nothing signs with it', async () => {
    const dropped = await core.handlers['keys.generate']({ name: 'dropped draft', draft: true });
    expect(await core.handlers['keys.delete']({ id: dropped.id })).toEqual({ deleted: true });
    expect(await call('connections.testDraft', { draft: draft({ keyId: dropped.id }) })).toMatchObject({ ok: false, error: { code: 'key_not_found' } });
    expect(await call('connections.create', draft({ name: 'Dropped', keyId: dropped.id }))).toMatchObject({ ok: false });
    expect(await inKeychain(dropped.id)).toEqual({ privateKey: null, passphrase: null });
  });

  it('an imported key can be a draft too', async () => {
    const pem = (await secrets.get({ kind: 'key', id: key.id, field: 'privateKey' }))!;
    const imported = await core.handlers['keys.import']({ name: 'imported draft', pem, draft: true });
    expect(imported.fingerprint).toBe(key.fingerprint);
    expect(core.keys.isDraft(imported.id)).toBe(true);
    expect(await inKeychain(imported.id)).toEqual({ privateKey: null, passphrase: null });
    await core.handlers['keys.delete']({ id: imported.id });
  });
});

describe('a password draft', () => {
  it('is tested with the password given for the test, which is stored nowhere', async () => {
    const password = emulator.admin.password;
    const admin = draft({ authKind: 'password', username: emulator.admin.username, role: null, warehouse: emulator.warehouse });
    expect(await call('connections.testDraft', { draft: admin })).toMatchObject({ ok: false, error: { code: 'password_missing' } });
    const wrong = await core.handlers['connections.testDraft']({ draft: admin, password: 'not-the-password' });
    expect(wrong.error?.code).toBe('wrong_password');
    expect(await core.handlers['connections.testDraft']({ draft: admin, password })).toMatchObject({ ok: true });

    core.store.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of fs.readdirSync(home, { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue;
      expect(fs.readFileSync(path.join(file.parentPath, file.name)).includes(Buffer.from(password)), `${file.name} holds the password`).toBe(false);
    }
  });
});
