import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { connect, destroy, expectSfError, query, type Conn } from './helpers';

// The SQL snippets of seeds/000 (Amplitude's Snowflake import docs), with the values Snowflake
// returns for them.
let emu: EmulatorHandle;
let conn: Conn;

beforeAll(async () => {
  emu = await startEmulator({ rows: 1000 });
  conn = await connect(emu);
  await query(
    conn,
    `CREATE OR REPLACE TABLE SNIPPETS (ID INT, TS TIMESTAMP_NTZ, TS_TZ TIMESTAMP_TZ, MS NUMBER, RAW VARCHAR, TS_STR VARCHAR,
       DATA VARIANT, CITY VARCHAR, STATE VARCHAR, PRICE VARCHAR, QTY VARCHAR)`,
  );
  await query(
    conn,
    `INSERT INTO SNIPPETS SELECT 1, '2024-03-01 10:00:00.123', '2024-03-01 10:00:00.123 +02:00', 1709287200123,
       '{"field_name":"abc","n":5}', '2024-03-01 10:00:00', PARSE_JSON('{"address":{"city":"Paris"}}'), 'Chicago', NULL, '9.99', '3'`,
  );
  await query(conn, `INSERT INTO SNIPPETS (ID, TS_STR) VALUES (2, 'not a timestamp')`);
});

afterAll(async () => {
  await destroy(conn);
  await emu.close();
});

describe('seed 000 snippets', () => {
  it('OBJECT_CONSTRUCT drops NULL values and builds nested objects', async () => {
    const [r] = await query(
      conn,
      `SELECT OBJECT_CONSTRUCT('city', CITY, 'state', STATE) as "user_properties",
              OBJECT_CONSTRUCT('base_properties', DATA, 'additional_data', OBJECT_CONSTRUCT('new_field1', ID, 'new_field2', PRICE)) AS "event_properties"
       FROM SNIPPETS WHERE ID = 1`,
    );
    expect(r).toEqual({
      user_properties: { city: 'Chicago' },
      event_properties: { base_properties: { address: { city: 'Paris' } }, additional_data: { new_field1: 1, new_field2: '9.99' } },
    });
  });

  it('DATE_PART / EXTRACT EPOCH_MILLISECOND, TO_TIMESTAMP_NTZ(x, 3), CONVERT_TIMEZONE', async () => {
    const [r] = await query(
      conn,
      `SELECT DATE_PART('EPOCH_MILLISECOND', TS) as "time", EXTRACT(EPOCH_MILLISECOND FROM TS) as time,
              TO_TIMESTAMP_NTZ(MS, 3) as "update_time_column",
              TO_TIMESTAMP_NTZ(CONVERT_TIMEZONE('UTC', TS_TZ)) as "utc_ntz",
              CONVERT_TIMEZONE('America/Los_Angeles', 'UTC', TS) AS "la_to_utc"
       FROM SNIPPETS WHERE ID = 1`,
    );
    expect(r!.time).toBe(1709287200123);
    expect(r!.TIME).toBe(1709287200123);
    expect((r!.update_time_column as Date).toISOString()).toBe('2024-03-01T10:00:00.123Z');
    expect((r!.utc_ntz as Date).toISOString()).toBe('2024-03-01T08:00:00.123Z');
    expect((r!.la_to_utc as Date).toISOString()).toBe('2024-03-01T18:00:00.123Z');
  });

  it('DATEADD, TIMEADD, TO_DATE and TO_VARCHAR', async () => {
    const [r] = await query(
      conn,
      `SELECT DATEADD(day, -7, '2024-03-08'::DATE) AS D,
              TIMEADD(millisecond, MIN(MS), '1970-01-01'::timestamp) AS T,
              TO_DATE(MIN(TS)) BETWEEN '2024-01-01' AND '2024-03-31' AS IN_RANGE,
              TO_VARCHAR(MIN(TS)) AS S
       FROM SNIPPETS`,
    );
    expect((r!.D as Date).toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect((r!.T as Date).toISOString()).toBe('2024-03-01T10:00:00.123Z');
    expect(r!.IN_RANGE).toBe(true);
    expect(r!.S).toBe('2024-03-01 10:00:00.123');
    const recent = await query(conn, `SELECT COUNT(*) AS N FROM SNIPPETS WHERE TS >= DATEADD(day, -7, CURRENT_DATE())`);
    expect(recent).toEqual([{ N: 0 }]);
  });

  it('PARSE_JSON(...):field::string, path access and casts', async () => {
    const [r] = await query(
      conn,
      `SELECT PARSE_JSON(RAW):field_name::string as extracted_value, PARSE_JSON(RAW):n::number AS N,
              DATA:address:city::string AS CITY, PARSE_JSON(RAW):missing::string AS MISSING,
              PRICE::FLOAT as price, QTY::INTEGER as quantity
       FROM SNIPPETS WHERE ID = 1`,
    );
    expect(r).toEqual({ EXTRACTED_VALUE: 'abc', N: 5, CITY: 'Paris', MISSING: null, PRICE: 9.99, QUANTITY: 3 });
  });

  it('TRY_TO_TIMESTAMP / TRY_TO_TIMESTAMP_NTZ return NULL instead of failing', async () => {
    const rows = await query(
      conn,
      `SELECT ID, CASE
          WHEN TRY_TO_TIMESTAMP(TS_STR) IS NOT NULL THEN EXTRACT(EPOCH_MILLISECOND FROM TRY_TO_TIMESTAMP(TS_STR))
          WHEN TRY_TO_TIMESTAMP_NTZ(TS_STR) IS NOT NULL THEN EXTRACT(EPOCH_MILLISECOND FROM TRY_TO_TIMESTAMP_NTZ(TS_STR))
          ELSE NULL END as time
       FROM SNIPPETS ORDER BY ID`,
    );
    expect(rows).toEqual([
      { ID: 1, TIME: 1709287200000 },
      { ID: 2, TIME: null },
    ]);
  });

  it('validation queries over a subquery', async () => {
    const [r] = await query(
      conn,
      `SELECT COUNT(*) AS N FROM (SELECT DATA AS event_properties, OBJECT_CONSTRUCT('c', CITY) AS user_properties FROM SNIPPETS WHERE ID = 1) t
       WHERE NOT (TRY_CAST(event_properties AS OBJECT) IS NOT NULL AND TRY_CAST(user_properties AS OBJECT) IS NOT NULL)`,
    );
    expect(r).toEqual({ N: 0 });
    const [acct] = await query(conn, `SELECT CURRENT_ORGANIZATION_NAME() || '-' || CURRENT_ACCOUNT_NAME() AS ID`);
    expect(acct!.ID).toBe(`FLOE_ORG-${emu.account}`);
  });

  it('runs the Amplitude event and group queries against the demo seed', async () => {
    const events = await query(
      conn,
      `SELECT EVENT_NAME AS "event_type", PROPERTIES AS "event_properties", DATE_PART('EPOCH_MILLISECOND', EVENT_TIMESTAMP) AS "time",
              USER_ID AS "user_id", DEVICE_ID AS "device_id", EVENT_ID AS "insert_id"
       FROM "${SEED.database}"."${SEED.schema}"."${SEED.tables.events}" ORDER BY EVENT_ID LIMIT 2`,
    );
    expect(events[0]).toEqual({
      event_type: 'app_open',
      event_properties: { source: 'notification', item_id: 'sku_0000', quantity: 1, server: 'host-us' },
      time: Date.UTC(2024, 0, 1),
      user_id: 'user_0000000',
      device_id: 'device_0000000',
      insert_id: 'evt_0000000000',
    });
    const groups = await query(
      conn,
      `SELECT OBJECT_CONSTRUCT('customerId', ACCOUNT_ID) AS "groups",
              OBJECT_CONSTRUCT('companyName', NAME, 'customerType', INDUSTRY) AS "group_properties"
       FROM ${SEED.database}.${SEED.schema}.${SEED.tables.accounts} ORDER BY ACCOUNT_ID LIMIT 1`,
    );
    expect(groups[0]).toEqual({ groups: { customerId: 'acct_00000' }, group_properties: { companyName: 'Lovelace Retail Inc.', customerType: 'Retail' } });
  });

  it('accepts clustering as a no-op and refuses what it cannot emulate by name', async () => {
    await query(conn, 'ALTER TABLE SNIPPETS CLUSTER BY (TS, ID)');
    await query(conn, 'ALTER TABLE SNIPPETS SET CHANGE_TRACKING = TRUE');
    const err = await expectSfError(query(conn, 'CREATE MATERIALIZED VIEW MV AS SELECT * FROM SNIPPETS'));
    expect(err.code).toBe('000002');
    expect(err.message).toContain("Unsupported feature 'MATERIALIZED VIEW'");
  });
});
