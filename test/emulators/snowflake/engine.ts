import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { MACROS } from './duckdb-macros';
import { Mutex } from './mutex';
import { quoteIdent, sqlString } from './sql-text';

// The DuckDB side of the emulator: one instance, one DuckDB catalog per Snowflake database
// (in memory, or one file per database next to `dbFile`), plus a scratch catalog where large
// results are materialised so chunks can be served without holding them in JS memory.

export const RESULTS_DB = '_FLOE_RESULTS';

export class LockedConnection {
  readonly lock = new Mutex();
  constructor(readonly conn: DuckDBConnection) {}
  run<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.lock.run(() => fn(this.conn));
  }
}

export class Engine {
  mainDb = 'memory';

  private constructor(
    readonly instance: DuckDBInstance,
    readonly dbFile: string | null,
    private readonly scratchDir: string,
    readonly admin: LockedConnection,
    readonly readers: LockedConnection[],
  ) {}

  static async open(dbFile: string | null): Promise<Engine> {
    const scratchDir = mkdtempSync(join(tmpdir(), 'floe-sf-emu-'));
    const instance = await DuckDBInstance.create(dbFile ?? ':memory:', {
      temp_directory: join(scratchDir, 'spill'),
      memory_limit: process.env.FLOE_EMULATOR_MEMORY_LIMIT ?? '512MB',
    });
    const setup = await instance.connect();
    await setup.run(`ATTACH ${sqlString(join(scratchDir, 'results.duckdb'))} AS ${quoteIdent(RESULTS_DB)}`);
    if (dbFile) {
      const stem = basename(dbFile).replace(/\.[^.]*$/, '');
      for (const f of readdirSync(dirname(dbFile))) {
        const m = f.match(new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.db-(.+)\\.duckdb$`));
        if (m) await setup.run(`ATTACH ${sqlString(join(dirname(dbFile), f))} AS ${quoteIdent(m[1]!)}`);
      }
    }
    const main = String((await setup.runAndReadAll('SELECT current_database()')).getRowsJS()[0]?.[0] ?? 'memory');
    setup.closeSync();
    const engine = new Engine(instance, dbFile, scratchDir, new LockedConnection(await instance.connect()), []);
    engine.mainDb = main;
    for (let i = 0; i < 2; i++) engine.readers.push(new LockedConnection(await engine.connect('UTC')));
    return engine;
  }

  async connect(timezone: string): Promise<DuckDBConnection> {
    const c = await this.instance.connect();
    for (const m of MACROS) await c.run(m);
    await c.run(`SET TimeZone = ${sqlString(timezone)}`);
    return c;
  }

  databaseFile(name: string): string | null {
    if (!this.dbFile) return null;
    const stem = basename(this.dbFile).replace(/\.[^.]*$/, '');
    return join(dirname(this.dbFile), `${stem}.db-${name}.duckdb`);
  }

  async listDatabases(): Promise<string[]> {
    return this.admin.run(async (c) => {
      const r = await c.runAndReadAll(
        `SELECT database_name FROM duckdb_databases() WHERE NOT internal AND database_name NOT IN (${sqlString(RESULTS_DB)}, 'memory', 'temp', 'system') AND database_name <> current_database() ORDER BY 1`,
      );
      return r.getRowsJS().map((row) => String(row[0]));
    });
  }

  async databaseExists(name: string): Promise<boolean> {
    return (await this.listDatabases()).includes(name);
  }

  async createDatabase(name: string, replace: boolean): Promise<void> {
    await this.admin.run(async (c) => {
      if (replace && (await this.exists(c, name))) await c.run(`DETACH ${quoteIdent(name)}`);
      const file = this.databaseFile(name);
      if (replace && file && existsSync(file)) rmSync(file);
      await c.run(`ATTACH ${sqlString(file ?? ':memory:')} AS ${quoteIdent(name)}`);
      await c.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(name)}."PUBLIC"`);
    });
  }

  async dropDatabase(name: string): Promise<void> {
    await this.admin.run(async (c) => {
      await c.run(`DETACH ${quoteIdent(name)}`);
      const file = this.databaseFile(name);
      if (file && existsSync(file)) rmSync(file);
    });
  }

  private async exists(c: DuckDBConnection, name: string): Promise<boolean> {
    const r = await c.runAndReadAll(`SELECT count(*) FROM duckdb_databases() WHERE database_name = ${sqlString(name)}`);
    return Number(r.getRowsJS()[0]?.[0]) > 0;
  }

  async listSchemas(db: string): Promise<string[]> {
    return this.admin.run(async (c) => {
      const r = await c.runAndReadAll(
        `SELECT schema_name FROM duckdb_schemas() WHERE database_name = ${sqlString(db)} AND NOT internal ORDER BY 1`,
      );
      return r.getRowsJS().map((row) => String(row[0]));
    });
  }

  async listTables(db: string, schema: string | null): Promise<{ schema: string; name: string; kind: string; rows: number }[]> {
    return this.admin.run(async (c) => {
      const filter = schema ? ` AND schema_name = ${sqlString(schema)}` : '';
      const r = await c.runAndReadAll(
        `SELECT schema_name, table_name, 'TABLE', estimated_size FROM duckdb_tables() WHERE database_name = ${sqlString(db)} AND NOT internal${filter}
         UNION ALL SELECT schema_name, view_name, 'VIEW', 0 FROM duckdb_views() WHERE database_name = ${sqlString(db)} AND NOT internal${filter}
         ORDER BY 1, 2`,
      );
      return r.getRowsJS().map((row) => ({ schema: String(row[0]), name: String(row[1]), kind: String(row[2]), rows: Number(row[3] ?? 0) }));
    });
  }

  async exec(sql: string): Promise<void> {
    await this.admin.run((c) => c.run(sql).then(() => undefined));
  }

  reader(i: number): LockedConnection {
    return this.readers[i % this.readers.length]!;
  }

  async close(): Promise<void> {
    for (const r of this.readers) r.conn.closeSync();
    this.admin.conn.closeSync();
    this.instance.closeSync();
    rmSync(this.scratchDir, { recursive: true, force: true });
  }
}
