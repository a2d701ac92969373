import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function readAll(source: RowSource): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for await (const batch of source.batches) rows.push(...batch);
  await source.close();
  return rows;
}

describe('the reader thread', () => {
  it('hands over every row in the query order, in batches, with exact numbers', async () => {
    const source = await openRowSource({
      engineFile: ENGINE_FILE,
      heapMb: 256,
      options: options(),
      sql: `SELECT EVENT_ID, EVENT_TIMESTAMP, 12345678901234567891 AS BIG FROM ${SEED.tables.events} ORDER BY EVENT_ID`,
      binds: [],
      batchRows: 100,
      window: 2,
    });
    expect(source.columns.map((c) => c.name)).toEqual(['EVENT_ID', 'EVENT_TIMESTAMP', 'BIG']);
    expect(source.queryId).toBeTruthy();
    const rows = await readAll(source);
    const ids = rows.map((r) => r.EVENT_ID as string);
    expect(ids.length).toBeGreaterThan(1_000);
    expect(ids).toEqual([...ids].sort());
    expect(rows[0]!.EVENT_TIMESTAMP).toBeInstanceOf(Date);
    expect(rows[0]!.BIG).toBe('12345678901234567891');
  });

  it('explains a query Snowflake refuses, as the driver reported it', async () => {
    const opening = openRowSource({ engineFile: ENGINE_FILE, heapMb: 256, options: options(), sql: 'SELECT * FROM NO_SUCH_TABLE', binds: [] });
    await expect(opening).rejects.toBeInstanceOf(SourceOpenError);
    await expect(opening).rejects.toMatchObject({ driverError: { code: '002003' } });
  });

  it('reports a heap too small for the result as such, not as a crash', async () => {
    const opening = openRowSource({ engineFile: ENGINE_FILE, heapMb: 4, options: options(), sql: `SELECT * FROM ${SEED.tables.events}`, binds: [] });
    const outcome = await opening.then(readAll).then(
      () => null,
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(ReaderOutOfMemory);
    expect((outcome as Error).message).toBe('reading the result needed more than 4 MB of memory');
  });
});
