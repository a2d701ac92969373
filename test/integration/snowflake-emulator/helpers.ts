import snowflake from 'snowflake-sdk';
import type { EmulatorHandle } from '../../emulators/snowflake';

process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION = 'true';
snowflake.configure({ logLevel: 'OFF' });

export type Conn = snowflake.Connection;
export type Row = Record<string, unknown>;

export interface ConnectOptions extends Partial<snowflake.ConnectionOptions> {
  username?: string;
}

export function connect(emu: EmulatorHandle, opts: ConnectOptions = {}): Promise<Conn> {
  const conn = snowflake.createConnection({
    account: emu.account,
    accessUrl: emu.accessUrl,
    username: opts.username ?? emu.admin.username,
    password: opts.authenticator === 'SNOWFLAKE_JWT' ? undefined : (opts.password ?? emu.admin.password),
    database: emu.database,
    schema: emu.schema,
    warehouse: emu.warehouse,
    ...opts,
  } as snowflake.ConnectionOptions);
  return new Promise((resolve, reject) => {
    conn.connect((err) => (err ? reject(err) : resolve(conn)));
  });
}

export interface QueryOutcome {
  rows: Row[];
  stmt: snowflake.RowStatement;
}

export function query(conn: Conn, sqlText: string, binds?: snowflake.Binds, extra: Partial<snowflake.StatementOption> = {}): Promise<Row[]> {
  return queryFull(conn, sqlText, binds, extra).then((r) => r.rows);
}

export function queryFull(conn: Conn, sqlText: string, binds?: snowflake.Binds, extra: Partial<snowflake.StatementOption> = {}): Promise<QueryOutcome> {
  return new Promise((resolve, reject) => {
    conn.execute({
      sqlText,
      binds,
      ...extra,
      complete: (err, stmt, rows) => (err ? reject(err) : resolve({ rows: (rows ?? []) as Row[], stmt: stmt as snowflake.RowStatement })),
    } as snowflake.StatementOption);
  });
}

export function destroy(conn: Conn): Promise<void> {
  return new Promise((resolve) => {
    conn.destroy(() => resolve());
  });
}

export async function expectSfError(p: Promise<unknown>): Promise<{ code: string; message: string; sqlState?: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string | number; message: string; sqlState?: string };
    return { code: String(err.code), message: err.message, sqlState: err.sqlState };
  }
  throw new Error('expected a Snowflake error, got success');
}
