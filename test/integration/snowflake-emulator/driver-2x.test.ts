import { generateKeyPairSync, createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../emulators/snowflake';

// Smoke test with the previous major of the driver (2.x, installed as the alias snowflake-sdk-2):
// the wire protocol is the same, and 2.x is what some users' other tools still pin.
// Its typings declare the module 'snowflake-sdk', so under the alias it is typed here, narrowly.
interface Connection2 {
  connect(callback: (error: unknown) => void): void;
  execute(options: { sqlText: string; binds?: unknown[]; streamResult?: boolean; complete?: (error: unknown, statement: unknown, rows?: unknown[]) => void }): { streamRows(): AsyncIterable<unknown> };
  destroy(callback: (error: unknown) => void): void;
}
const snowflake2 = createRequire(import.meta.url)('snowflake-sdk-2') as { configure(options: object): void; createConnection(options: object): Connection2 };
snowflake2.configure({ logLevel: 'OFF' });
let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator({ rows: 100 });
});
afterAll(async () => emulator?.close());

function connect(options: Record<string, unknown>): Promise<Connection2> {
  const connection = snowflake2.createConnection({ account: emulator.account, accessUrl: emulator.accessUrl, warehouse: emulator.warehouse, database: emulator.database, schema: emulator.schema, ...options });
  return new Promise((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve(connection))));
}

function query(connection: Connection2, sqlText: string, binds: unknown[] = []): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) =>
    connection.execute({ sqlText, binds, complete: (error, _s, rows) => (error ? reject(error) : resolve((rows ?? []) as Record<string, unknown>[])) }),
  );
}

describe('snowflake-sdk 2.x against the emulator', () => {
  it('signs in with a password, queries with binds and streams a multi-chunk result', async () => {
    const connection = await connect({ username: emulator.admin.username, password: emulator.admin.password });
    expect(await query(connection, 'SELECT ? + 1 AS N, CURRENT_USER() AS U', [41])).toEqual([{ N: 42, U: emulator.admin.username }]);
    const statement = connection.execute({ sqlText: 'SELECT SEQ4() AS I FROM TABLE(GENERATOR(ROWCOUNT => 5000))', streamResult: true });
    let count = 0;
    for await (const _row of statement.streamRows()) count += 1;
    expect(count).toBe(5000);
    await new Promise((resolve) => connection.destroy(resolve));
  });

  it('signs in with a key pair registered by ALTER USER', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const body = (publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
    await emulator.sql('CREATE USER IF NOT EXISTS DRIVER2_USER');
    await emulator.sql(`ALTER USER DRIVER2_USER SET RSA_PUBLIC_KEY = '${body}'`);
    const desc = await emulator.sql('DESC USER DRIVER2_USER');
    const fp = 'SHA256:' + createHash('sha256').update(Buffer.from(body, 'base64')).digest('base64');
    expect(desc.find((r) => String(r.property).toUpperCase() === 'RSA_PUBLIC_KEY_FP')?.value).toBe(fp);
    const connection = await connect({ username: 'DRIVER2_USER', authenticator: 'SNOWFLAKE_JWT', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) });
    expect(await query(connection, 'SELECT CURRENT_USER() AS U')).toEqual([{ U: 'DRIVER2_USER' }]);
    await new Promise((resolve) => connection.destroy(resolve));
  });
});
