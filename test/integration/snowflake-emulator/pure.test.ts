import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DuckDBTypeId } from '@duckdb/node-api';
import { batchInsert, bindLiteral } from '../../emulators/snowflake/bindings';
import { createCatalog } from '../../emulators/snowflake/catalog';
import { mapDuckDbError } from '../../emulators/snowflake/errors';
import { checkLoginJwt, publicKeyFingerprint, toEpochMs } from '../../emulators/snowflake/jwt';
import { checkTableAccess } from '../../emulators/snowflake/privileges';
import { columnKind } from '../../emulators/snowflake/result-encoding';
import { splitStatements } from '../../emulators/snowflake/sql-text';
import { findUnsupported, initTranslator, strftimeFormat, translate } from '../../emulators/snowflake/sql-translate';

// Table-driven tests of the pure parts: SQL rewriting, type mapping, binds, JWT and privileges.

const ctx = { user: 'U1', role: 'R1', warehouse: 'WH', database: 'DB', schema: 'SC', account: 'ACME' };

beforeAll(async () => {
  await initTranslator();
});

describe('translate', () => {
  it.each([
    ['select id from t', 'SELECT "ID" FROM "T"'],
    ['select "Mixed" from db.sc.t', 'SELECT "Mixed" FROM "DB"."SC"."T"'],
    ['select count(*) from t', 'SELECT COUNT(*) AS "COUNT(*)" FROM "T"'],
    ['select current_user()', `SELECT 'U1' AS "CURRENT_USER()"`],
    ["select object_construct('a', x) as o from t", `SELECT JSON_MERGE_PATCH('{}', JSON_OBJECT('a', "X")) AS "O" FROM "T"`],
    ['select v:a.b::string as s from t', `SELECT SF_JSON_STR("V" -> '$.a.b') AS "S" FROM "T"`],
    ['select to_timestamp_ntz(ms, 3) as t from x', 'SELECT SF_TS_SCALED("MS", 3) AS "T" FROM "X"'],
    ["select dateadd(day, -7, d) as d2 from x", 'SELECT "D" + SF_IV_DAYS(-7) AS "D2" FROM "X"'],
    ['select * from information_schema.tables', `SELECT * FROM SF_INFO_TABLES('DB')`],
    ['create table t (v variant, o object, ts timestamp_ltz)', 'CREATE TABLE "T" ("V" JSON, "O" JSON, "TS" TIMESTAMPTZ)'],
    ['select ? , :2', `SELECT '__FLOE_BIND_1__' AS "?", '__FLOE_BIND_2__' AS ":2"`],
  ])('%s', (sql, expected) => {
    expect(translate(sql, ctx).duckSql).toBe(expected);
  });

  it('collects table references and skips CTE names', () => {
    const t = translate('with c as (select 1 as a) select * from c join s2.t2 on true join db3.s3.t3 on true', ctx);
    expect(t.tables).toEqual([
      { database: null, schema: 'S2', name: 'T2' },
      { database: 'DB3', schema: 'S3', name: 'T3' },
    ]);
  });

  it.each([
    ['SELECT * FROM t CHANGES(INFORMATION => DEFAULT) AT(OFFSET => -1)', 'CHANGES clause'],
    ['SELECT * FROM t AT(TIMESTAMP => CURRENT_TIMESTAMP())', 'Time Travel AT/BEFORE'],
    ['CREATE STREAM s ON TABLE t', 'STREAM'],
    ['COPY INTO t FROM @stage', 'COPY INTO'],
    ['SELECT SYSTEM$CLUSTERING_INFORMATION(1)', 'SYSTEM$CLUSTERING_INFORMATION'],
    ['SELECT 1', null],
  ])('flags %s', (sql, construct) => {
    expect(findUnsupported(sql)).toBe(construct);
  });

  it('converts date formats', () => {
    expect(strftimeFormat('YYYY-MM-DD HH24:MI:SS.FF3')).toBe('%Y-%m-%d %H:%M:%S.%g');
  });

  it('splits statements outside quotes and comments', () => {
    expect(splitStatements("select ';'; -- c;\nselect 2;")).toEqual(["select ';'", '-- c;\nselect 2']);
  });
});

describe('type mapping', () => {
  it.each([
    [{ typeId: DuckDBTypeId.INTEGER }, 'fixed', 0],
    [{ typeId: DuckDBTypeId.DECIMAL, width: 10, scale: 2 }, 'fixed', 2],
    [{ typeId: DuckDBTypeId.DOUBLE }, 'real', null],
    [{ typeId: DuckDBTypeId.VARCHAR }, 'text', null],
    [{ typeId: DuckDBTypeId.VARCHAR, alias: 'JSON' }, 'variant', null],
    [{ typeId: DuckDBTypeId.TIMESTAMP }, 'timestamp_ntz', 9],
    [{ typeId: DuckDBTypeId.TIMESTAMP_TZ }, 'timestamp_ltz', 9],
    [{ typeId: DuckDBTypeId.DATE }, 'date', null],
    [{ typeId: DuckDBTypeId.TIME }, 'time', 9],
    [{ typeId: DuckDBTypeId.BLOB }, 'binary', null],
    [{ typeId: DuckDBTypeId.LIST }, 'array', null],
    [{ typeId: DuckDBTypeId.STRUCT }, 'object', null],
  ])('%o → %s', (t, sfType, scale) => {
    const k = columnKind(t);
    expect([k.sfType, k.scale]).toEqual([sfType, scale]);
  });
});

describe('binds', () => {
  it.each([
    ['FIXED', '42', '42'],
    ['REAL', '1.5', '1.5'],
    ['TEXT', "it's", "'it''s'"],
    ['BOOLEAN', 'true', 'TRUE'],
    ['TEXT', null, 'NULL'],
    ['FIXED', '1; drop table x', "'1; drop table x'"],
  ])('%s %s', (type, value, literal) => {
    expect(bindLiteral(type, value)).toBe(literal);
  });

  it('turns a batch INSERT into one multi-row VALUES', () => {
    const sql = `INSERT INTO "T" VALUES ('__FLOE_BIND_1__', '__FLOE_BIND_2__')`;
    const out = batchInsert(sql, { '1': { type: 'FIXED', value: ['1', '2'] }, '2': { type: 'TEXT', value: ['a', null] } }, ['1', '2']);
    expect(out).toEqual([`INSERT INTO "T" VALUES (1, 'a'), (2, NULL)`]);
  });
});

describe('DuckDB error mapping', () => {
  it.each([
    ['Catalog Error: Table with name FOO does not exist!', '002003', '42S02'],
    ['Binder Error: Referenced column "X" not found in FROM clause!', '000904', '42000'],
    ['Parser Error: syntax error at or near "SELEC"', '001003', '42000'],
    ['Catalog Error: Scalar Function with name my_udf does not exist!', '002140', '42601'],
    ["Conversion Error: Could not convert string 'abc' to INT32", '100038', '22018'],
    ['INTERRUPT Error: Interrupted!', '000604', '57014'],
  ])('%s', (msg, code, state) => {
    const e = mapDuckDbError(msg);
    expect([e.code, e.sqlState]).toEqual([code, state]);
  });
});

describe('key-pair JWT checks', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const body = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const fp = `SHA256:${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64')}`;
  const now = 1_800_000_000_000;
  const jwt = (payload: Record<string, unknown>, key = privateKey): string => {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const data = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(payload)}`;
    return `${data}.${sign('RSA-SHA256', Buffer.from(data), key).toString('base64url')}`;
  };
  const good = { iss: `ACME.SVC.${fp}`, sub: 'ACME.SVC', iat: now, exp: now + 120_000 };

  it('computes Snowflake fingerprints', () => {
    expect(publicKeyFingerprint(body)).toBe(fp);
  });

  it.each([
    ['valid token, iat/exp in ms', good, privateKey, [body, null], true, ''],
    ['valid token, iat/exp in seconds', { ...good, iat: now / 1000, exp: now / 1000 + 60 }, privateKey, [body, null], true, ''],
    ['second key slot', good, privateKey, [null, body], true, ''],
    ['expired', { ...good, iat: now - 600_000, exp: now - 1000 }, privateKey, [body, null], false, 'token expired'],
    ['bad signature', good, other.privateKey, [body, null], false, 'bad signature'],
    ['wrong fingerprint in iss', { ...good, iss: 'ACME.SVC.SHA256:AAAA' }, privateKey, [body, null], false, 'fingerprint does not match a registered key'],
    ['no key registered', good, privateKey, [null, null], false, 'no key registered'],
    ['wrong account', { ...good, iss: `OTHER.SVC.${fp}`, sub: 'OTHER.SVC' }, privateKey, [body, null], false, 'sub mismatch'],
  ])('%s', (_name, payload, key, keys, ok, reason) => {
    const r = checkLoginJwt({ token: jwt(payload, key), account: 'acme', user: 'svc', keys: keys as (string | null)[], nowMs: now });
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.reason).toBe(reason);
  });

  it('treats large iat values as milliseconds', () => {
    expect(toEpochMs(1_795_344_131_154)).toBe(1_795_344_131_154);
    expect(toEpochMs(1_795_344_131)).toBe(1_795_344_131_000);
  });
});

describe('privileges', () => {
  const cat = createCatalog({ username: 'ADMIN', password: 'x', warehouse: 'WH' });
  cat.roles.set('R', { comment: null, owner: 'ACCOUNTADMIN' });
  cat.grants.push(
    { privilege: 'USAGE', objectType: 'DATABASE', objectName: 'DB', grantee: 'R', grantedBy: 'ACCOUNTADMIN' },
    { privilege: 'USAGE', objectType: 'SCHEMA', objectName: 'DB.S', grantee: 'R', grantedBy: 'ACCOUNTADMIN' },
    { privilege: 'SELECT', objectType: 'TABLE', objectName: 'DB.S.OK', grantee: 'R', grantedBy: 'ACCOUNTADMIN' },
    { privilege: 'INSERT', objectType: 'TABLE', objectName: 'DB.S.W', grantee: 'R', grantedBy: 'ACCOUNTADMIN' },
  );
  it.each([
    ['ACCOUNTADMIN', 'DB', 'S', 'HIDDEN', 'SELECT', null],
    ['R', 'DB', 'S', 'OK', 'SELECT', null],
    ['R', 'DB', 'S', 'HIDDEN', 'SELECT', '002003'],
    ['R', 'DB', 'S', 'W', 'SELECT', '003001'],
    ['R', 'DB', 'S', 'W', 'INSERT', null],
    ['R', 'DB', 'OTHER', 'T', 'SELECT', '002003'],
    ['R', 'DB2', 'S', 'T', 'SELECT', '002003'],
  ] as const)('%s on %s.%s.%s (%s)', (role, database, schema, name, action, code) => {
    expect(checkTableAccess(cat, role, { database, schema, name }, action)?.code ?? null).toBe(code);
  });
});
