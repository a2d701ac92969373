import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { connect, destroy, expectSfError, query, queryFull, type Conn } from './helpers';

let emu: EmulatorHandle;
let conn: Conn;

beforeAll(async () => {
  emu = await startEmulator({ rows: 2000 });
  conn = await connect(emu);
});

afterAll(async () => {
  await destroy(conn);
  await emu.close();
});

describe('password login and session context', () => {
  it('reports the session context functions', async () => {
    const [row] = await query(conn, 'SELECT CURRENT_USER(), CURRENT_ROLE(), CURRENT_WAREHOUSE(), CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_ACCOUNT()');
    expect(row).toEqual({
      'CURRENT_USER()': emu.admin.username,
      'CURRENT_ROLE()': 'ACCOUNTADMIN',
      'CURRENT_WAREHOUSE()': emu.warehouse,
      'CURRENT_DATABASE()': emu.database,
      'CURRENT_SCHEMA()': emu.schema,
      'CURRENT_ACCOUNT()': emu.account,
    });
  });

  it('rejects a wrong password with 390100', async () => {
    const err = await expectSfError(connect(emu, { password: 'nope' }));
    expect(err.code).toBe('390100');
    expect(err.message).toBe('Incorrect username or password was specified.');
  });

  it('answers heartbeats', async () => {
    await expect(conn.isValidAsync()).resolves.toBe(true);
  });
});

describe('types', () => {
  it('round-trips every Snowflake type through the driver', async () => {
    const [r] = await query(
      conn,
      `SELECT 42 AS I, 12.50::NUMBER(10,2) AS DEC, 3.25::FLOAT AS F, 'héllo "q", x' AS S, TRUE AS B,
              '2024-01-01'::DATE AS D, '12:34:56'::TIME AS T,
              '2024-01-01 12:34:56.123'::TIMESTAMP_NTZ AS NTZ,
              '2024-01-01 12:34:56.123 +01:00'::TIMESTAMP_TZ AS TZ,
              '2024-01-01 12:34:56.123'::TIMESTAMP_LTZ AS LTZ,
              PARSE_JSON('{"a":1,"b":[true,null]}') AS V, OBJECT_CONSTRUCT('k', 'v', 'n', NULL) AS O,
              ARRAY_CONSTRUCT(1, 'two') AS A, TO_BINARY('ABCD', 'HEX') AS BIN, NULL AS N,
              'NaN'::FLOAT AS NAN`,
    );
    expect(r!.I).toBe(42);
    expect(r!.DEC).toBe(12.5);
    expect(r!.F).toBe(3.25);
    expect(r!.S).toBe('héllo "q", x');
    expect(r!.B).toBe(true);
    expect((r!.D as Date).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(r!.T).toBe('12:34:56');
    expect((r!.NTZ as Date).toISOString()).toBe('2024-01-01T12:34:56.123Z');
    expect((r!.TZ as Date).toISOString()).toBe('2024-01-01T11:34:56.123Z');
    // TIMEZONE defaults to America/Los_Angeles, as in Snowflake.
    expect((r!.LTZ as Date).toISOString()).toBe('2024-01-01T20:34:56.123Z');
    expect(r!.V).toEqual({ a: 1, b: [true, null] });
    expect(r!.O).toEqual({ k: 'v' });
    expect(r!.A).toEqual([1, 'two']);
    expect(Buffer.from(r!.BIN as Buffer).toString('hex')).toBe('abcd');
    expect(r!.N).toBeNull();
    expect(r!.NAN).toBeNaN();
  });

  it('describes columns with Snowflake rowtypes', async () => {
    const { stmt } = await queryFull(conn, `SELECT 1 AS I, 1.5::NUMBER(10,2) AS D, 'x' AS S, PARSE_JSON('1') AS V, CURRENT_TIMESTAMP() AS TS`);
    const cols = stmt.getColumns()!.map((c) => [c.getName(), c.getType(), c.getScale()]);
    expect(cols).toEqual([
      ['I', 'fixed', 0],
      ['D', 'fixed', 2],
      ['S', 'text', null],
      ['V', 'variant', null],
      ['TS', 'timestamp_ltz', 9],
    ]);
  });

  it('honours JS_TREAT_INTEGER_AS_BIGINT', async () => {
    const big = await connect(emu, { jsTreatIntegerAsBigInt: true } as never);
    try {
      const [r] = await query(big, 'SELECT 9007199254740993 AS N, 1.5::NUMBER(10,1) AS D');
      // The driver uses `big-integer` objects, not native bigint.
      expect(typeof r!.N).toBe('object');
      expect(String(r!.N)).toBe('9007199254740993');
      expect(r!.D).toBe(1.5);
    } finally {
      await destroy(big);
    }
  });
});

describe('identifiers, DDL, DML and bindings', () => {
  it('folds unquoted identifiers to upper case and keeps quoted ones', async () => {
    await query(conn, 'CREATE OR REPLACE TABLE t_ident (id NUMBER, "MixedCase" VARCHAR)');
    await query(conn, `INSERT INTO t_ident VALUES (1, 'a')`);
    const { stmt, rows } = await queryFull(conn, 'select id, "MixedCase", id + 1, count(*) over () from T_IDENT');
    expect(stmt.getColumns()!.map((c) => c.getName())).toEqual(['ID', 'MixedCase', 'ID + 1', 'COUNT(*) OVER ()']);
    expect(rows[0]).toMatchObject({ ID: 1, MixedCase: 'a' });
    const tables = await query(conn, `SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'T_IDENT'`);
    expect(tables).toEqual([{ TABLE_NAME: 'T_IDENT' }]);
  });

  it('reports DML row counts', async () => {
    await query(conn, 'CREATE OR REPLACE TABLE t_dml (id INT, name STRING)');
    const ins = await queryFull(conn, `INSERT INTO t_dml VALUES (1,'a'),(2,'b'),(3,'c')`);
    expect(ins.stmt.getNumUpdatedRows()).toBe(3);
    expect(ins.rows).toEqual([{ 'number of rows inserted': 3 }]);
    const upd = await queryFull(conn, `UPDATE t_dml SET name = 'z' WHERE id >= 2`);
    expect(upd.stmt.getNumUpdatedRows()).toBe(2);
    const del = await queryFull(conn, 'DELETE FROM t_dml WHERE id = 1');
    expect(del.stmt.getNumUpdatedRows()).toBe(1);
  });

  it('binds positional ? and :N parameters with their types', async () => {
    const rows = await query(conn, 'SELECT ? AS A, ? AS B, ? AS C, ? AS D, :1 AS E', [7, 'text', 2.5, true]);
    expect(rows).toEqual([{ A: 7, B: 'text', C: 2.5, D: true, E: 7 }]);
    const nul = await query(conn, 'SELECT ? IS NULL AS ISNULL', [null]);
    expect(nul).toEqual([{ ISNULL: true }]);
    const q = await query(conn, `SELECT ? AS S`, ["it's"]);
    expect(q[0]!.S).toBe("it's");
  });

  it('supports array (batch) bindings for INSERT', async () => {
    await query(conn, 'CREATE OR REPLACE TABLE t_batch (id INT, name VARCHAR, score FLOAT, ok BOOLEAN)');
    const binds = Array.from({ length: 500 }, (_, i) => [i, `name ${i}`, i / 2, i % 2 === 0]);
    const r = await queryFull(conn, 'INSERT INTO t_batch (id, name, score, ok) VALUES (?, ?, ?, ?)', binds as never);
    expect(r.stmt.getNumUpdatedRows()).toBe(500);
    const [agg] = await query(conn, 'SELECT COUNT(*) AS N, SUM(id) AS S, SUM(score) AS SC, COUNT_IF(ok) AS OK FROM t_batch');
    expect(agg).toEqual({ N: 500, S: 124750, SC: 62375, OK: 250 });
  });

  it('answers SHOW and DESC', async () => {
    const tables = await query(conn, `SHOW TABLES LIKE 'APP_%' IN SCHEMA ${emu.database}.${emu.schema}`);
    expect(tables.map((t) => t.name)).toEqual(['APP_EVENTS']);
    const desc = await query(conn, 'DESC TABLE APP_EVENTS');
    expect(desc.find((d) => d.name === 'PROPERTIES')?.type).toBe('VARIANT');
    expect(desc.find((d) => d.name === 'EVENT_TIMESTAMP')?.type).toBe('TIMESTAMP_NTZ(9)');
    const cols = await query(conn, `SELECT COLUMN_NAME, DATA_TYPE FROM ${emu.database}.INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'USERS' ORDER BY ORDINAL_POSITION LIMIT 2`);
    expect(cols).toEqual([
      { COLUMN_NAME: 'USER_ID', DATA_TYPE: 'TEXT' },
      { COLUMN_NAME: 'EMAIL', DATA_TYPE: 'TEXT' },
    ]);
  });

  it('switches namespace with USE', async () => {
    await query(conn, 'CREATE DATABASE IF NOT EXISTS OTHER_DB');
    await query(conn, 'CREATE SCHEMA IF NOT EXISTS OTHER_DB.S1');
    await query(conn, 'USE SCHEMA OTHER_DB.S1');
    expect(await query(conn, 'SELECT CURRENT_DATABASE() AS D, CURRENT_SCHEMA() AS S')).toEqual([{ D: 'OTHER_DB', S: 'S1' }]);
    await query(conn, `USE DATABASE ${emu.database}`);
    await query(conn, `USE SCHEMA ${emu.schema}`);
    expect(await query(conn, 'SELECT CURRENT_SCHEMA() AS S')).toEqual([{ S: emu.schema }]);
  });
});

describe('errors', () => {
  it('002003 / 42S02 for a missing table', async () => {
    const err = await expectSfError(query(conn, 'SELECT * FROM NO_SUCH_TABLE'));
    expect(err.code).toBe('002003');
    expect(err.sqlState).toBe('42S02');
    expect(err.message).toContain("'NO_SUCH_TABLE' does not exist or not authorized");
  });

  it('001003 for a syntax error', async () => {
    const err = await expectSfError(query(conn, 'SELEC 1'));
    expect(err.code).toBe('001003');
    expect(err.sqlState).toBe('42000');
  });

  it('000904 for an unknown column', async () => {
    const err = await expectSfError(query(conn, 'SELECT NOPE FROM APP_EVENTS'));
    expect(err.code).toBe('000904');
    expect(err.message).toContain("invalid identifier 'NOPE'");
  });

  it('002043 for USE of an unknown database', async () => {
    const err = await expectSfError(query(conn, 'USE DATABASE NOPE_DB'));
    expect(err.code).toBe('002043');
  });

  it('names constructs the emulator cannot translate instead of guessing', async () => {
    const a = await expectSfError(query(conn, 'SELECT * FROM APP_EVENTS CHANGES(INFORMATION => DEFAULT) AT(OFFSET => -60)'));
    expect(a.code).toBe('000002');
    expect(a.message).toContain("Unsupported feature 'CHANGES clause'");
    const b = await expectSfError(query(conn, 'SELECT f.value FROM APP_EVENTS, LATERAL FLATTEN(input => PROPERTIES) f'));
    expect(b.message).toContain("'FLATTEN'");
    const c = await expectSfError(query(conn, 'SELECT MY_UDF(1)'));
    expect(c.code).toBe('002140');
    expect(c.message).toContain('Unknown function MY_UDF');
  });

  it('rejects several statements unless MULTI_STATEMENT_COUNT allows it', async () => {
    const err = await expectSfError(query(conn, 'SELECT 1; SELECT 2'));
    expect(err.code).toBe('000008');
  });
});
