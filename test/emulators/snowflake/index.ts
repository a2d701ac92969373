import { Emulator, type EmulatorConfig } from './emulator';
import { Engine } from './engine';
import type { FaultOptions } from './faults';
import { decodeRows } from './decode-rows';
import { SEED, seedDemoData } from './seed';
import { initTranslator } from './sql-translate';

export { SEED, seedSizes } from './seed';
export type { FaultOptions } from './faults';
export { SnowflakeError } from './errors';

export interface StartEmulatorOptions {
  /** 0 (default) picks a free port. The server listens on 127.0.0.1 only. */
  port?: number;
  /** Number of demo events to seed (other tables scale from it). Default 10,000; 0 skips seeding. */
  rows?: number;
  /** Persist to this DuckDB file (plus sibling files per database); default in memory. */
  dbFile?: string;
  /** Session token validity; short values exercise the driver's 390112 → renew path. */
  tokenValiditySeconds?: number;
  masterTokenValiditySeconds?: number;
  faults?: FaultOptions;
  account?: string;
  username?: string;
  password?: string;
  /** query-request answers 333333 after this long and the driver polls. Default 10,000 ms. */
  syncWaitMs?: number;
  longPollMs?: number;
  /** Rows returned inline before the rest go to chunks. Default 1,000. */
  inlineRows?: number;
  rowsPerChunk?: number;
  /** Log every request to stderr. */
  log?: boolean;
}

export interface EmulatorFaults {
  failNextChunks(n: number, status?: number): void;
  dropNextChunkConnections(n: number): void;
  delayNextQuery(ms: number, count?: number): void;
  failNextQuery(error: { code: string; message: string; sqlState?: string }): void;
  expireTokens(): void;
  setTokenValiditySeconds(seconds: number): void;
  reset(): void;
}

export interface SqlOptions {
  binds?: (string | number | boolean | null)[];
}

export interface EmulatorHandle {
  accessUrl: string;
  account: string;
  admin: { username: string; password: string };
  database: string;
  schema: string;
  warehouse: string;
  port: number;
  faults: EmulatorFaults;
  /** Counters for assertions: logins, token renewals, chunks served, injected chunk faults, queries. */
  stats(): { logins: number; renewals: number; chunksServed: number; chunkFaults: number; queries: number };
  /** Runs SQL (Snowflake dialect) as the admin user, bypassing HTTP. Throws SnowflakeError. */
  sql(text: string, opts?: SqlOptions): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

function bindMap(binds: SqlOptions['binds']): Record<string, { type: string; value: string | null }> | undefined {
  if (!binds) return undefined;
  const out: Record<string, { type: string; value: string | null }> = {};
  binds.forEach((v, i) => {
    const type = typeof v === 'boolean' ? 'BOOLEAN' : typeof v === 'number' ? (Number.isInteger(v) ? 'FIXED' : 'REAL') : 'TEXT';
    out[String(i + 1)] = { type, value: v === null ? null : String(v) };
  });
  return out;
}

export async function startEmulator(opts: StartEmulatorOptions = {}): Promise<EmulatorHandle> {
  const config: EmulatorConfig = {
    port: opts.port ?? 0,
    account: (opts.account ?? 'FLOETEST').toUpperCase(),
    admin: { username: (opts.username ?? 'FLOE_ADMIN').toUpperCase(), password: opts.password ?? 'floe-admin-password' },
    warehouse: 'COMPUTE_WH',
    dbFile: opts.dbFile ?? null,
    tokenValiditySeconds: opts.tokenValiditySeconds ?? 3600,
    masterTokenValiditySeconds: opts.masterTokenValiditySeconds ?? 14_400,
    syncWaitMs: opts.syncWaitMs ?? 10_000,
    longPollMs: opts.longPollMs ?? 20_000,
    inlineRows: opts.inlineRows ?? 1000,
    rowsPerChunk: opts.rowsPerChunk ?? 50_000,
    faults: opts.faults ?? {},
    log: opts.log ?? false,
  };
  await initTranslator();
  const engine = await Engine.open(config.dbFile);
  const rows = opts.rows ?? 10_000;
  if (!(await engine.databaseExists(SEED.database))) {
    await engine.createDatabase(SEED.database, false);
    if (rows > 0) await seedDemoData(engine, rows);
  } else if (rows > 0 && !(await engine.listTables(SEED.database, SEED.schema)).some((t) => t.name === SEED.tables.events)) {
    await seedDemoData(engine, rows);
  }
  const emu = new Emulator(engine, config);
  await emu.listen();
  const adminUser = emu.catalog.users.get(config.admin.username);
  if (adminUser) adminUser.defaultNamespace = `${SEED.database}.${SEED.schema}`;

  return {
    accessUrl: emu.accessUrl,
    account: config.account,
    admin: { ...config.admin },
    database: SEED.database,
    schema: SEED.schema,
    warehouse: config.warehouse,
    port: emu.port,
    faults: {
      failNextChunks: (n, status) => emu.faults.apply({ failChunks: n, failChunkStatus: status ?? 503 }),
      dropNextChunkConnections: (n) => emu.faults.apply({ dropChunkConnections: n }),
      delayNextQuery: (ms, count) => emu.faults.apply({ queryDelayMs: ms, delayNextQueries: count ?? 1 }),
      failNextQuery: (error) => emu.faults.apply({ nextQueryError: error }),
      expireTokens: () => emu.faults.apply({ expireTokens: true }),
      setTokenValiditySeconds: (s) => emu.sessions.setTokenValiditySeconds(s),
      reset: () => emu.faults.reset(),
    },
    stats: () => ({ ...emu.stats }),
    async sql(text, sqlOpts) {
      const session = await emu.admin();
      // Faults target driver traffic; the setup helper bypasses them.
      const saved = { delay: emu.faults.delayNextQueries, err: emu.faults.nextQueryError };
      emu.faults.delayNextQueries = 0;
      emu.faults.nextQueryError = null;
      const r = emu.startQuery(session, text, bindMap(sqlOpts?.binds), null);
      await r.done;
      emu.faults.delayNextQueries = saved.delay;
      emu.faults.nextQueryError = saved.err;
      if (r.error) throw r.error;
      const result = r.result!;
      let rowsText = result.inlineRows;
      if (result.chunks.length && result.resultTable) {
        rowsText = [...rowsText];
        for (const [i, c] of result.chunks.entries()) {
          const text2 = await emu.executor.readChunk(result.resultTable, c, i);
          rowsText.push(...(JSON.parse(`[${text2}]`) as unknown[]).map((x) => JSON.stringify(x)));
        }
      }
      return decodeRows(result.rowtype, rowsText);
    },
    close: () => emu.close(),
  };
}

