import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../emulators/snowflake';
import { startChildEmulator, type ChildEmulator } from './child-emulator';
import { connect, destroy, query, type Conn } from './helpers';

// ≥1M rows through the real driver's parallel chunk download and streamRows(), with the
// emulator in a child process so its peak RSS can be reported on its own.
const ROWS = 1_000_000;
let child: ChildEmulator;
let conn: Conn;

beforeAll(async () => {
  child = await startChildEmulator(['--rows', String(ROWS)]);
  conn = await connect(child.info as unknown as EmulatorHandle);
}, 180_000);

afterAll(async () => {
  await destroy(conn);
  await child.stop();
});

it(`streams ${ROWS.toLocaleString('en')} rows in chunks with matching count and checksum`, async () => {
  const sql = `SELECT EVENT_ID, USER_ID, EVENT_NAME, EVENT_TIMESTAMP, PROPERTIES, REVENUE FROM APP_EVENTS`;
  const [expected] = await query(
    conn,
    `SELECT COUNT(*) AS N, SUM(TO_NUMBER(SUBSTR(EVENT_ID, 5))) AS IDS, SUM(COALESCE(REVENUE, 0) * 100) AS REV,
            SUM(DATE_PART('EPOCH_MILLISECOND', EVENT_TIMESTAMP) % 1000003) AS TS, SUM(PROPERTIES:quantity::NUMBER) AS QTY FROM APP_EVENTS`,
  );
  const started = Date.now();
  const stmt = conn.execute({ sqlText: sql, streamResult: true });
  let n = 0;
  let ids = 0;
  let rev = 0;
  let ts = 0;
  let qty = 0;
  await new Promise<void>((resolve, reject) => {
    stmt
      .streamRows()
      .on('data', (row: Record<string, unknown>) => {
        n++;
        ids += Number(String(row.EVENT_ID).slice(4));
        rev += Math.round(Number(row.REVENUE ?? 0) * 100);
        ts += (row.EVENT_TIMESTAMP as Date).getTime() % 1000003;
        qty += (row.PROPERTIES as { quantity: number }).quantity;
      })
      .on('error', reject)
      .on('end', () => resolve());
  });
  const seconds = (Date.now() - started) / 1000;
  const rate = Math.round(n / seconds);
  const peak = child.peakRssMb();
  process.stdout.write(`[snowflake-emulator] streamed ${n} rows in ${seconds.toFixed(1)} s = ${rate} rows/s; emulator peak RSS ${peak} MB\n`);
  expect(n).toBe(ROWS);
  expect({ n, ids, rev, ts, qty }).toEqual({ n: expected!.N, ids: expected!.IDS, rev: expected!.REV, ts: expected!.TS, qty: expected!.QTY });
  expect(stmt.getNumRows()).toBe(ROWS);
}, 180_000);
