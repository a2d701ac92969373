import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identifyRow } from '../../../electron/engine/rows/idempotency';
import { digestBatch, payloadText, sourceAt, type PrepareSpec, type PreparedBatch } from '../../../electron/engine/rows/prepared';
import { ReaderOutOfMemory, SourceOpenError, openRowSource, type RowSource } from '../../../electron/engine/source/threaded-source';
import { SEED, startEmulator, type EmulatorHandle } from '../../emulators/snowflake';

// The run's reader thread, on the built engine file (as runs use it), against the emulator.
const ENGINE_FILE = path.resolve(__dirname, '../../../out/main/worker.js');
let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator({ rows: 3_000 });
});
afterAll(async () => {
  await emulator?.close();
});

const options = () => ({
  account: emulator.account,
  accessUrl: emulator.accessUrl,
  username: emulator.admin.username,
  password: emulator.admin.password,
  warehouse: emulator.warehouse,
  database: emulator.database,
  schema: emulator.schema,
});

const prepare: PrepareSpec = { syncId: 'sync-1', mapping: { rules: [], passThrough: true }, primaryKey: ['EVENT_ID'], watermarkColumn: null };

/** Every row's source as the run would store it, with what the reader prepared for it. */
async function readAll(source: RowSource): Promise<{ rows: Record<string, unknown>[]; batches: PreparedBatch[] }> {
  const rows: Record<string, unknown>[] = [];
  const batches: PreparedBatch[] = [];
  for await (const batch of source.batches) {
    batches.push(digestBatch(batch));
    for (let i = 0; i < batch.count; i++) rows.push(sourceAt(batch, i));
  }
  await source.close();
  return { rows, batches };
}

describe('the reader thread', () => {
  it('hands over every row in the query order, in batches, keyed, mapped and hashed, with exact numbers', async () => {
    const source = await openRowSource({
      engineFile: ENGINE_FILE,
      heapMb: 256,
      options: options(),
      sql: `SELECT EVENT_ID, EVENT_TIMESTAMP, PROPERTIES, 12345678901234567891 AS BIG FROM ${SEED.tables.events} ORDER BY EVENT_ID`,
      binds: [],
      prepare,
      batchRows: 100,
      window: 2,
    });
    expect(source.columns.map((c) => c.name)).toEqual(['EVENT_ID', 'EVENT_TIMESTAMP', 'PROPERTIES', 'BIG']);
    expect(source.queryId).toBeTruthy();
    const { rows, batches } = await readAll(source);
    const ids = rows.map((r) => r.EVENT_ID as string);
    expect(ids.length).toBeGreaterThan(1_000);
    expect(ids).toEqual([...ids].sort());
    expect(batches[0]!.count).toBe(100);
    const first = rows[0]!;
    expect(first.EVENT_TIMESTAMP).toBeInstanceOf(Date);
    expect(first.BIG).toBe('12345678901234567891');
    expect(typeof first.PROPERTIES).toBe('object');
    // The reader's text and digest are what the run itself would compute from the source row.
    const expected = identifyRow('sync-1', ids[0]!, {
      event_id: first.EVENT_ID,
      event_timestamp: (first.EVENT_TIMESTAMP as Date).toISOString(),
      properties: first.PROPERTIES,
      big: first.BIG,
    });
    expect(batches[0]!.keys[0]).toBe(ids[0]);
    expect(payloadText(batches[0]!, 0)).toBe(expected.text);
    expect(Buffer.isBuffer(batches[0]!.payloads)).toBe(true);
    expect(batches[0]!.digests[0]).toBe(expected.digest);
    expect(batches[0]!.fields).toEqual(['event_id', 'event_timestamp', 'properties', 'big']);
    expect(batches[0]!.reasons).toBeNull();
  });

  it('rejects rows it cannot key or map, with the reason, and keeps their source', async () => {
    const source = await openRowSource({
      engineFile: ENGINE_FILE,
      heapMb: 256,
      options: options(),
      sql: `SELECT EVENT_ID, CASE WHEN EVENT_ID = (SELECT MIN(EVENT_ID) FROM ${SEED.tables.events}) THEN NULL ELSE EVENT_ID END AS K, 'x' AS N FROM ${SEED.tables.events} ORDER BY EVENT_ID LIMIT 5`,
      binds: [],
      prepare: { ...prepare, primaryKey: ['K'], mapping: { rules: [{ target: 'n', source: 'N', type: 'number', required: false }], passThrough: false } },
    });
    const { rows, batches } = await readAll(source);
    const [batch] = batches;
    expect(batch!.reasons![0]).toBe('primary key K is null');
    expect(batch!.keys[0]).toBeNull();
    expect(batch!.reasons![1]).toMatch(/^n: .*"x".* is not a number/);
    expect(batch!.keys[1]).toBe(rows[1]!.K);
    expect(payloadText(batch!, 1)).toBe('');
    expect(rows[0]).toMatchObject({ K: null, N: 'x' });
  });

  it('hands NULL numbers and VARIANTs over as null, not as the text "NULL"', async () => {
    const source = await openRowSource({
      engineFile: ENGINE_FILE,
      heapMb: 256,
      options: options(),
      sql: `SELECT EVENT_ID, CAST(NULL AS NUMBER(10,2)) AS AMOUNT, PARSE_JSON(NULL) AS EXTRA FROM ${SEED.tables.events} ORDER BY EVENT_ID LIMIT 2`,
      binds: [],
      prepare: { ...prepare, mapping: { rules: [{ target: 'amount', source: 'AMOUNT', type: 'number', required: true }], passThrough: true } },
    });
    const { rows, batches } = await readAll(source);
    expect(rows[0]).toMatchObject({ AMOUNT: null, EXTRA: null });
    expect(batches[0]!.reasons![0]).toBe('amount is required but AMOUNT is null');
  });

  it('hands TIME values over as their text (the driver gives an object with methods, which cannot cross threads)', async () => {
    const source = await openRowSource({
      engineFile: ENGINE_FILE,
      heapMb: 256,
      options: options(),
      sql: `SELECT EVENT_ID, CAST('12:34:56' AS TIME) AS AT_TIME FROM ${SEED.tables.events} ORDER BY EVENT_ID LIMIT 2`,
      binds: [],
      prepare,
    });
    const { rows, batches } = await readAll(source);
    expect(rows[0]!.AT_TIME).toBe('12:34:56');
    expect(JSON.parse(payloadText(batches[0]!, 0))).toMatchObject({ at_time: '12:34:56' });
  });

  it('explains a query Snowflake refuses, as the driver reported it', async () => {
    const opening = openRowSource({ engineFile: ENGINE_FILE, heapMb: 256, options: options(), sql: 'SELECT * FROM NO_SUCH_TABLE', binds: [], prepare });
    await expect(opening).rejects.toBeInstanceOf(SourceOpenError);
    await expect(opening).rejects.toMatchObject({ driverError: { code: '002003' } });
  });

  it('reports a heap too small for the result as such, not as a crash', async () => {
    const opening = openRowSource({ engineFile: ENGINE_FILE, heapMb: 4, options: options(), sql: `SELECT * FROM ${SEED.tables.events}`, binds: [], prepare });
    const outcome = await opening.then(readAll).then(
      () => null,
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(ReaderOutOfMemory);
    expect((outcome as Error).message).toBe('reading the result needed more than 4 MB of memory');
  });
});
