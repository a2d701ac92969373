import { createHash, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { connect, destroy, expectSfError, query } from './helpers';

// The setup SQL Floe generates for a least-privilege service user, then key-pair login and
// privilege enforcement through the real driver. Keys are generated here, never committed.

function keyPair(): { privateKey: string; publicBody: string; fingerprint: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicBody: der.toString('base64'),
    fingerprint: `SHA256:${createHash('sha256').update(der).digest('base64')}`,
  };
}

let emu: EmulatorHandle;
const k1 = keyPair();
const k2 = keyPair();

const asService = (privateKey: string, username = 'FLOE_SVC') =>
  connect(emu, { username, authenticator: 'SNOWFLAKE_JWT', privateKey, warehouse: undefined, database: undefined, schema: undefined } as never);

beforeAll(async () => {
  emu = await startEmulator({ rows: 1000 });
  const setup = `
    CREATE ROLE IF NOT EXISTS FLOE_ROLE;
    CREATE WAREHOUSE IF NOT EXISTS FLOE_WH WITH WAREHOUSE_SIZE = 'XSMALL' AUTO_SUSPEND = 60;
    GRANT USAGE ON WAREHOUSE FLOE_WH TO ROLE FLOE_ROLE;
    GRANT USAGE ON DATABASE ${emu.database} TO ROLE FLOE_ROLE;
    GRANT USAGE ON SCHEMA ${emu.database}.${emu.schema} TO ROLE FLOE_ROLE;
    GRANT SELECT ON ALL TABLES IN SCHEMA ${emu.database}.${emu.schema} TO ROLE FLOE_ROLE;
    GRANT SELECT ON FUTURE TABLES IN SCHEMA ${emu.database}.${emu.schema} TO ROLE FLOE_ROLE;
    CREATE USER IF NOT EXISTS FLOE_SVC TYPE = SERVICE DEFAULT_ROLE = FLOE_ROLE DEFAULT_WAREHOUSE = FLOE_WH
      DEFAULT_NAMESPACE = ${emu.database}.${emu.schema} RSA_PUBLIC_KEY = '${k1.publicBody}';
    GRANT ROLE FLOE_ROLE TO USER FLOE_SVC`;
  for (const stmt of setup.split(';')) await emu.sql(stmt);
});

afterAll(async () => {
  await emu.close();
});

describe('key-pair login', () => {
  it('logs in with the registered key and uses the default role and warehouse', async () => {
    const c = await asService(k1.privateKey);
    try {
      const rows = await query(c, 'SELECT CURRENT_USER() AS U, CURRENT_ROLE() AS R, CURRENT_WAREHOUSE() AS W, CURRENT_DATABASE() AS D');
      expect(rows).toEqual([{ U: 'FLOE_SVC', R: 'FLOE_ROLE', W: 'FLOE_WH', D: emu.database }]);
      const [n] = await query(c, 'SELECT COUNT(*) AS N FROM APP_EVENTS');
      expect(n!.N).toBe(1000);
    } finally {
      await destroy(c);
    }
  });

  it('shows RSA_PUBLIC_KEY_FP in DESC USER', async () => {
    const rows = await emu.sql('DESC USER FLOE_SVC');
    const prop = (p: string) => rows.find((r) => r.property === p)?.value;
    expect(prop('RSA_PUBLIC_KEY_FP')).toBe(k1.fingerprint);
    expect(prop('RSA_PUBLIC_KEY_2_FP')).toBe('null');
    expect(prop('TYPE')).toBe('SERVICE');
    expect(prop('DEFAULT_ROLE')).toBe('FLOE_ROLE');
  });

  it('rejects a key that is not registered with 390144', async () => {
    const err = await expectSfError(asService(k2.privateKey));
    expect(err.code).toBe('390144');
    expect(err.message).toMatch(/^JWT token is invalid/);
  });

  it('rotates through RSA_PUBLIC_KEY_2 and UNSET', async () => {
    await emu.sql(`ALTER USER FLOE_SVC SET RSA_PUBLIC_KEY_2 = '-----BEGIN PUBLIC KEY-----\n${k2.publicBody}\n-----END PUBLIC KEY-----'`);
    await destroy(await asService(k2.privateKey));
    await destroy(await asService(k1.privateKey));
    await emu.sql('ALTER USER FLOE_SVC UNSET RSA_PUBLIC_KEY');
    expect((await expectSfError(asService(k1.privateKey))).code).toBe('390144');
    await destroy(await asService(k2.privateKey));
    const rows = await emu.sql('DESC USER FLOE_SVC');
    expect(rows.find((r) => r.property === 'RSA_PUBLIC_KEY_2_FP')?.value).toBe(k2.fingerprint);
    await emu.sql(`ALTER USER FLOE_SVC SET RSA_PUBLIC_KEY = '${k1.publicBody}'`);
  });

  it('rejects an invalid key body in ALTER USER', async () => {
    await expect(emu.sql(`ALTER USER FLOE_SVC SET RSA_PUBLIC_KEY_2 = 'not-a-key'`)).rejects.toMatchObject({ code: '002029' });
  });

  it('refuses disabled users with 390102 and locked users with 390101', async () => {
    await emu.sql(`CREATE USER PERSON1 PASSWORD = 'pw1' DEFAULT_ROLE = FLOE_ROLE`);
    await emu.sql('GRANT ROLE FLOE_ROLE TO USER PERSON1');
    await destroy(await connect(emu, { username: 'person1', password: 'pw1' }));
    await emu.sql('ALTER USER PERSON1 SET DISABLED = TRUE');
    expect((await expectSfError(connect(emu, { username: 'PERSON1', password: 'pw1' }))).code).toBe('390102');
    await emu.sql('ALTER USER PERSON1 SET DISABLED = FALSE MINS_TO_UNLOCK = 10');
    expect((await expectSfError(connect(emu, { username: 'PERSON1', password: 'pw1' }))).code).toBe('390101');
    await emu.sql('ALTER USER PERSON1 SET MINS_TO_UNLOCK = 0');
  });
});

describe('privileges are enforced for non-admin roles', () => {
  it('applies future grants to tables created later', async () => {
    await emu.sql(`CREATE TABLE ${emu.database}.${emu.schema}.LATER_TABLE (ID INT)`);
    await emu.sql(`INSERT INTO ${emu.database}.${emu.schema}.LATER_TABLE VALUES (1), (2)`);
    const c = await asService(k1.privateKey);
    try {
      expect(await query(c, 'SELECT COUNT(*) AS N FROM LATER_TABLE')).toEqual([{ N: 2 }]);
    } finally {
      await destroy(c);
    }
  });

  it('hides tables the role has no privilege on (002003) and refuses missing SELECT (003001)', async () => {
    await emu.sql(`CREATE SCHEMA ${emu.database}.PRIVATE`);
    await emu.sql(`CREATE TABLE ${emu.database}.PRIVATE.SECRETS (S VARCHAR)`);
    await emu.sql(`CREATE TABLE ${emu.database}.PRIVATE.INBOX (S VARCHAR)`);
    await emu.sql(`GRANT USAGE ON SCHEMA ${emu.database}.PRIVATE TO ROLE FLOE_ROLE`);
    await emu.sql(`GRANT INSERT ON TABLE ${emu.database}.PRIVATE.INBOX TO ROLE FLOE_ROLE`);
    const c = await asService(k1.privateKey);
    try {
      const hidden = await expectSfError(query(c, `SELECT * FROM ${emu.database}.PRIVATE.SECRETS`));
      expect(hidden.code).toBe('002003');
      expect(hidden.message).toContain('does not exist or not authorized');
      const denied = await expectSfError(query(c, `SELECT * FROM ${emu.database}.PRIVATE.INBOX`));
      expect(denied.code).toBe('003001');
      expect(denied.sqlState).toBe('42501');
      expect(denied.message).toContain('Insufficient privileges');
      await query(c, `INSERT INTO ${emu.database}.PRIVATE.INBOX VALUES ('ok')`);
      const write = await expectSfError(query(c, `INSERT INTO ${emu.database}.${emu.schema}.USERS (USER_ID) VALUES ('x')`));
      expect(write.code).toBe('003001');
      const tables = await query(c, `SHOW TABLES IN SCHEMA ${emu.database}.PRIVATE`);
      expect(tables.map((t) => t.name)).toEqual(['INBOX']);
      const ddl = await expectSfError(query(c, 'CREATE ROLE SNEAKY'));
      expect(ddl.code).toBe('003001');
    } finally {
      await destroy(c);
    }
  });

  it('fails with 000606 when the role may not use any warehouse', async () => {
    await emu.sql('CREATE ROLE NO_WH_ROLE');
    await emu.sql(`GRANT USAGE ON DATABASE ${emu.database} TO ROLE NO_WH_ROLE`);
    await emu.sql(`GRANT USAGE ON SCHEMA ${emu.database}.${emu.schema} TO ROLE NO_WH_ROLE`);
    await emu.sql(`GRANT SELECT ON ALL TABLES IN SCHEMA ${emu.database}.${emu.schema} TO ROLE NO_WH_ROLE`);
    await emu.sql(`CREATE USER NOWH PASSWORD = 'pw' DEFAULT_ROLE = NO_WH_ROLE DEFAULT_WAREHOUSE = FLOE_WH`);
    await emu.sql('GRANT ROLE NO_WH_ROLE TO USER NOWH');
    const c = await connect(emu, { username: 'NOWH', password: 'pw', warehouse: 'FLOE_WH' });
    try {
      expect(await query(c, 'SELECT CURRENT_WAREHOUSE() AS W')).toEqual([{ W: null }]);
      const err = await expectSfError(query(c, 'SELECT COUNT(*) FROM APP_EVENTS'));
      expect(err.code).toBe('000606');
      expect(err.sqlState).toBe('57P03');
      expect((await expectSfError(query(c, 'USE WAREHOUSE FLOE_WH'))).code).toBe('002043');
    } finally {
      await destroy(c);
    }
  });

  it('refuses a login role that is not granted (390189)', async () => {
    const err = await expectSfError(connect(emu, { username: 'NOWH', password: 'pw', role: 'ACCOUNTADMIN' }));
    expect(err.code).toBe('390189');
  });

  it('lists grants', async () => {
    const grants = await emu.sql('SHOW GRANTS TO ROLE FLOE_ROLE');
    expect(grants.some((g) => g.privilege === 'USAGE' && g.granted_on === 'WAREHOUSE' && g.name === 'FLOE_WH')).toBe(true);
    const future = await emu.sql(`SHOW FUTURE GRANTS IN SCHEMA ${emu.database}.${emu.schema}`);
    expect(future).toHaveLength(1);
    const users = await emu.sql('SHOW GRANTS TO USER FLOE_SVC');
    expect(users.map((u) => u.role)).toEqual(['FLOE_ROLE']);
  });
});
