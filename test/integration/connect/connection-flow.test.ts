import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/core';
import { Keychain } from '../../../electron/core/secrets';
import type { Connection, ConnectionDraft } from '../../../shared/schemas';
import { SEED, startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { useTempDirs } from '../../helpers/temp-dir';
import { runAsAdmin } from '../../helpers/admin-sql';

const tempDir = useTempDirs('all');
let emulator: EmulatorHandle;
let core: Core;

beforeAll(async () => {
  emulator = await startEmulator({ rows: 200 });
});
afterAll(async () => {
  await emulator?.close();
});


function draft(over: Partial<ConnectionDraft>): ConnectionDraft {
  return {
    name: `Conn ${randomUUID().slice(0, 8)}`,
    account: emulator.account.toLowerCase(),
    username: 'FLOE_USER',
    role: 'FLOE_ROLE',
    warehouse: 'FLOE_WH',
    database: emulator.database,
    schema: emulator.schema,
    authKind: 'keypair',
    keyId: null,
    objects: { kind: 'all' },
    accessUrl: emulator.accessUrl,
    ...over,
  };
}

describe('generate a key, run the setup SQL, connect', () => {
  let connection: Connection;
  let fingerprint: string;

  beforeAll(async () => {
    core = createCore({ home: tempDir(), mode: 'headless', secrets: new Keychain(`FloeTest-${randomUUID()}`), connectionTestTimeoutMs: 20_000 });
    const key = await core.keys.generate('Floe test key');
    fingerprint = key.fingerprint;
    const sql = core.connections.grantSql({
      user: 'floe_user',
      role: 'floe_role',
      warehouse: 'floe_wh',
      database: emulator.database,
      schema: emulator.schema,
      createUser: true,
      createRole: true,
      createWarehouse: true,
      objects: { kind: 'all' },
      auth: { kind: 'keypair', keyId: key.id },
    });
    await runAsAdmin(emulator, sql);
    connection = core.store.connections.create(draft({ keyId: key.id }));
  });
  afterAll(async () => core?.close());

  it('shows the same fingerprint as DESC USER', async () => {
    const rows = await emulator.sql('DESC USER FLOE_USER');
    const fp = rows.find((r) => String(r.property ?? r.PROPERTY).toUpperCase() === 'RSA_PUBLIC_KEY_FP');
    expect(fp?.value ?? fp?.VALUE).toBe(fingerprint);
  });

  it('passes the connection test, reading back the session and every table', async () => {
    const result = await core.connections.test(connection.id);
    expect(result.error).toBeNull();
    expect(result).toMatchObject({ ok: true, role: 'FLOE_ROLE', warehouse: 'FLOE_WH', database: emulator.database, schema: emulator.schema });
    expect(result.objects.length).toBeGreaterThan(0);
    expect(result.objects.every((o) => o.readable)).toBe(true);
    expect(core.store.connections.get(connection.id)).toMatchObject({ status: 'ok', lastError: null });
  });

  it('names the missing grant, as SQL to copy, when one is revoked', async () => {
    await emulator.sql(`REVOKE USAGE ON WAREHOUSE FLOE_WH FROM ROLE FLOE_ROLE`);
    const result = await core.connections.test(connection.id);
    await emulator.sql(`GRANT USAGE ON WAREHOUSE FLOE_WH TO ROLE FLOE_ROLE`);
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ code: 'no_active_warehouse', sql: 'GRANT USAGE ON WAREHOUSE FLOE_WH TO ROLE FLOE_ROLE;' });
    expect(core.store.connections.get(connection.id)?.status).toBe('failed');
  });

  it('names the table a role may not read', async () => {
    const list = core.store.connections.create(draft({ keyId: connection.keyId, objects: { kind: 'list', tables: [SEED.tables.events, 'NO_SUCH_TABLE'], views: [] } }));
    const result = await core.connections.test(list.id);
    expect(result.ok).toBe(false);
    expect(result.objects).toEqual([
      { name: SEED.tables.events, readable: true, problem: null },
      expect.objectContaining({ name: 'NO_SUCH_TABLE', readable: false }),
    ]);
    expect(result.error?.sql).toContain(`GRANT SELECT ON TABLE ${emulator.database}.${emulator.schema}.NO_SUCH_TABLE TO ROLE FLOE_ROLE;`);
  });

  it('rotates to a second key: slot 2, test, switch, then the SQL to unset the old one', async () => {
    const next = await core.keys.generate('Floe test key 2');
    const sql = core.connections.startRotation(connection.id, next.id);
    expect(sql).toContain('RSA_PUBLIC_KEY_2');
    await runAsAdmin(emulator, sql);
    const result = await core.connections.test(connection.id);
    expect(result.ok).toBe(true);
    expect(result.rotation?.unsetSql).toBe('ALTER USER FLOE_USER UNSET RSA_PUBLIC_KEY;\n');
    expect(core.store.connections.get(connection.id)).toMatchObject({ keyId: next.id, keySlot: 2, pendingKeyId: null, keyFingerprint: next.fingerprint });
    await runAsAdmin(emulator, result.rotation!.unsetSql);
    expect((await core.connections.test(connection.id)).ok).toBe(true);
  });
});

describe('what a failing sign-in says', () => {
  beforeAll(() => {
    core = createCore({ home: tempDir(), mode: 'headless', secrets: new Keychain(`FloeTest-${randomUUID()}`), connectionTestTimeoutMs: 20_000 });
  });
  afterAll(async () => core?.close());

  it('a wrong password names the user and what to check', async () => {
    const c = core.store.connections.create(draft({ authKind: 'password', username: emulator.admin.username, role: null, warehouse: null }));
    await core.secrets.set({ kind: 'connection', id: c.id, field: 'password' }, 'not-the-password');
    const result = await core.connections.test(c.id);
    expect(result.error).toMatchObject({ code: 'wrong_password' });
    expect(result.error?.remedy).toContain(emulator.admin.username);
  });

  it('an unregistered key gives the JWT remedy with the account query', async () => {
    const key = await core.keys.generate('Unregistered');
    const c = core.store.connections.create(draft({ keyId: key.id, username: emulator.admin.username }));
    const result = await core.connections.test(c.id);
    expect(result.error?.code).toBe('jwt_invalid');
    expect(result.error?.remedy).toContain(key.fingerprint);
    expect(result.error?.sql).toBe("SELECT CURRENT_ORGANIZATION_NAME() || '-' || CURRENT_ACCOUNT_NAME();");
  });

  it('an unreachable account says so quickly, without hanging', async () => {
    const c = core.store.connections.create(draft({ authKind: 'password', accessUrl: 'http://127.0.0.1:9' }));
    await core.secrets.set({ kind: 'connection', id: c.id, field: 'password' }, 'x');
    const result = await core.connections.test(c.id);
    expect(result.error?.code).toBe('network');
    expect(result.error?.message).toContain('127.0.0.1:9 refused the connection');
    expect(result.durationMs).toBeLessThan(5_000);
  });
});

describe('deleting a connection', () => {
  it('removes its password and the key pairs no other connection uses, from the keychain too', async () => {
    const secrets = new Keychain(`FloeTest-${randomUUID()}`);
    const local = createCore({ home: tempDir(), mode: 'headless', secrets });
    try {
      const shared = await local.keys.generate('shared');
      const own = await local.keys.generate('own');
      const a = local.store.connections.create(draft({ keyId: own.id }));
      local.store.connections.create(draft({ keyId: shared.id }));
      local.store.connections.setPendingKey(a.id, shared.id);
      expect((await local.handlers['connections.delete']({ id: a.id })).deleted).toBe(true);
      expect(local.store.keys.get(own.id)).toBeUndefined();
      expect(await secrets.get({ kind: 'key', id: own.id, field: 'privateKey' })).toBeNull();
      expect(local.store.keys.get(shared.id)).toBeDefined();
      expect(await secrets.get({ kind: 'key', id: shared.id, field: 'privateKey' })).toContain('PRIVATE KEY');
    } finally {
      await local.close();
    }
  });
});

describe('secrets stay in the keychain', () => {
  it('no private key, passphrase or password reaches SQLite, the log, or any IPC answer', async () => {
    const secrets = new Keychain(`FloeTest-${randomUUID()}`);
    const home = tempDir();
    const local = createCore({ home, mode: 'headless', secrets, connectionTestTimeoutMs: 20_000 });
    try {
      const passphrase = `pass-${randomUUID()}`;
      const password = `pw-${randomUUID()}`;
      const key = await local.handlers['keys.generate']({ name: 'encrypted', passphrase });
      const pem = (await secrets.get({ kind: 'key', id: key.id, field: 'privateKey' }))!;
      const opened = (await local.keys.privateKey(key.id)).privateKey;
      const c = local.store.connections.create(draft({ authKind: 'password', username: emulator.admin.username, role: null, warehouse: null }));
      await local.handlers['secrets.set']({ ref: { kind: 'connection', id: c.id, field: 'password' }, value: password });
      const answers = [
        key,
        await local.handlers['keys.list']({}),
        await local.handlers['connections.list']({}),
        await local.handlers['connections.test']({ id: c.id }),
      ];
      local.store.db.pragma('wal_checkpoint(TRUNCATE)');

      // Distinctive pieces of each secret: a body line of each PEM, the passphrase, the password.
      const needles = [pem.split('\n')[5]!, opened.split('\n')[5]!, passphrase, password];
      expect(JSON.stringify(answers)).not.toMatch(new RegExp(needles.map((n) => n.replace(/[+/]/g, '\\$&')).join('|')));
      for (const file of fs.readdirSync(home, { recursive: true, withFileTypes: true })) {
        if (!file.isFile()) continue;
        const bytes = fs.readFileSync(path.join(file.parentPath, file.name));
        for (const needle of needles) expect(bytes.includes(Buffer.from(needle)), `${file.name} holds a secret`).toBe(false);
      }
    } finally {
      await local.close();
    }
  });
});
