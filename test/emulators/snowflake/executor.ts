import type { DuckDBConnection } from '@duckdb/node-api';
import { batchInsert, type BindMap } from './bindings';
import type { CatalogState } from './catalog';
import { countResult, runCommand, statusResult, type CommandContext } from './commands';
import { RESULTS_DB, type Engine } from './engine';
import { SnowflakeError, sfError, toSnowflakeError } from './errors';
import type { Faults } from './faults';
import { abortableSleep } from './mutex';
import { canUseWarehouse, checkTableAccess, isAdmin, type TableAction } from './privileges';
import { buildRowType, columnKind, describeType, encodeRowsSql, type ColumnKind } from './result-encoding';
import { keywordView, quoteIdent, splitStatements } from './sql-text';
import { translate, type Translation } from './sql-translate';
import { tokenize, TokenStream } from './tokens';
import { STATEMENT_TYPE, type ChunkSpec, type QueryResult, type Session } from './types';

export interface ExecutorOptions {
  account: string;
  inlineRows: number;
  rowsPerChunk: number;
}

export interface ExecRequest {
  session: Session;
  sqlText: string;
  binds: BindMap | undefined;
  queryId: string;
  signal: AbortSignal;
  statementParams?: Record<string, unknown>;
}

const resultTableName = (queryId: string): string => `${quoteIdent(RESULTS_DB)}.${quoteIdent(`r_${queryId.replace(/-/g, '_')}`)}`;

export class Executor {
  constructor(
    private readonly engine: Engine,
    private readonly catalog: () => CatalogState,
    private readonly faults: Faults,
    private readonly opts: ExecutorOptions,
    private readonly persist: () => void,
    private readonly useNamespace: CommandContext['useNamespace'],
  ) {}

  async execute(req: ExecRequest): Promise<QueryResult> {
    const delay = this.faults.takeDelay();
    if (delay > 0) await abortableSleep(delay, req.signal).catch(() => Promise.reject(sfError.canceled()));
    const forced = this.faults.takeQueryError();
    if (forced) throw new SnowflakeError(forced.code, forced.message, forced.sqlState ?? '42000', 'EXECUTION');

    const statements = splitStatements(req.sqlText);
    if (statements.length === 0) throw new SnowflakeError('000900', 'SQL compilation error:\nEmpty SQL statement.', '42000');
    const desired = Number(req.statementParams?.MULTI_STATEMENT_COUNT ?? req.session.params.get('MULTI_STATEMENT_COUNT') ?? 1);
    if (statements.length > 1 && desired !== 0 && desired !== statements.length) throw sfError.statementCount(statements.length, desired);
    let last: QueryResult | null = null;
    for (const sql of statements) last = await this.runOne(req, sql);
    return last!;
  }

  private async runOne(req: ExecRequest, sql: string): Promise<QueryResult> {
    const { session } = req;
    const catalog = this.catalog();
    const cmd = await runCommand(
      { engine: this.engine, catalog, session, account: this.opts.account, persist: this.persist, useNamespace: this.useNamespace },
      sql,
    );
    if (cmd) return cmd;

    const kw = keywordView(sql);
    if (/^(BEGIN|START TRANSACTION|COMMIT|ROLLBACK)\b/.test(kw)) {
      await session.conn.run((c) => c.run(kw.startsWith('BEGIN') ? 'BEGIN TRANSACTION' : kw.split(' ')[0]!));
      return statusResult('Statement executed successfully.');
    }

    const tr = translate(sql, {
      user: session.user,
      role: session.role ?? 'PUBLIC',
      warehouse: session.warehouse,
      database: session.database,
      schema: session.schema,
      account: this.opts.account,
    });
    const created = /^CREATE\b/.test(kw) ? createdName(sql) : null;
    this.authorize(session, tr, kw, created);

    const statements = batchInsert(tr.duckSql, req.binds, tr.bindMarkers);
    const onAbort = (): void => session.conn.conn.interrupt();
    req.signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await session.conn.run(async (conn) => {
        if (req.signal.aborted) throw sfError.canceled();
        if (tr.kind === 'query') return await this.runQuery(conn, statements[0]!, req.queryId, session);
        let changed = 0;
        for (const s of statements) changed += Number((await conn.run(s)).rowsChanged);
        if (tr.kind === 'insert') return countResult('number of rows inserted', changed, STATEMENT_TYPE.insert);
        if (tr.kind === 'update') return countResult('number of rows updated', changed, STATEMENT_TYPE.update);
        if (tr.kind === 'delete') return countResult('number of rows deleted', changed, STATEMENT_TYPE.delete);
        if (tr.kind === 'merge') return countResult('number of rows inserted', changed, STATEMENT_TYPE.merge);
        return this.afterDdl(session, kw, created);
      });
    } catch (e) {
      if (req.signal.aborted) throw sfError.canceled();
      throw toSnowflakeError(e);
    } finally {
      req.signal.removeEventListener('abort', onAbort);
    }
  }

  private resolve(session: Session, t: { database: string | null; schema: string | null; name: string }): { database: string; schema: string; name: string } {
    const database = t.database ?? session.database;
    const schema = t.schema ?? session.schema;
    if (!database) throw sfError.noDatabase();
    if (!schema)
      throw new SnowflakeError('090106', "Cannot perform SELECT. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.", '22000', 'EXECUTION');
    return { database, schema, name: t.name };
  }

  private authorize(session: Session, tr: Translation, kw: string, created: string[] | null): void {
    const catalog = this.catalog();
    const refs = tr.tables.map((t) => this.resolve(session, t));
    const needsWarehouse = refs.length > 0 || tr.kind !== 'query';
    if (needsWarehouse && tr.kind !== 'ddl' && (!session.warehouse || !canUseWarehouse(catalog, session.role, session.warehouse)))
      throw sfError.noWarehouse();
    if (isAdmin(catalog, session.role)) return;
    if (created) {
      const ref = this.resolve(session, { database: created.length >= 3 ? created[created.length - 3]! : null, schema: created.length >= 2 ? created[created.length - 2]! : null, name: created[created.length - 1]! });
      const err = checkTableAccess(catalog, session.role, ref, 'CREATE TABLE');
      if (err) throw err;
    }
    const writeAction: TableAction | null =
      tr.kind === 'insert' ? 'INSERT' : tr.kind === 'update' ? 'UPDATE' : tr.kind === 'delete' ? 'DELETE' : tr.kind === 'merge' ? 'INSERT' : /^DROP\b/.test(kw) ? 'DROP' : /^TRUNCATE\b/.test(kw) ? 'TRUNCATE' : null;
    refs.forEach((ref, i) => {
      if (created && i === 0 && ref.name === created[created.length - 1]) return;
      const err = checkTableAccess(catalog, session.role, ref, i === 0 && writeAction ? writeAction : 'SELECT');
      if (err) throw err;
    });
  }

  private afterDdl(session: Session, kw: string, created: string[] | null): QueryResult {
    const catalog = this.catalog();
    if (created) {
      const ref = this.resolve(session, { database: created.length >= 3 ? created[created.length - 3]! : null, schema: created.length >= 2 ? created[created.length - 2]! : null, name: created[created.length - 1]! });
      const isView = /^CREATE (OR REPLACE )?(SECURE )?(RECURSIVE )?VIEW\b/.test(kw);
      const type = isView ? 'VIEW' : 'TABLE';
      const full = `${ref.database}.${ref.schema}.${ref.name}`;
      if (!isAdmin(catalog, session.role) && session.role) catalog.owners.set(`${type}:${full}`, session.role);
      for (const fg of catalog.futureGrants) {
        const applies = fg.objectType === type && (fg.container === `${ref.database}.${ref.schema}` || fg.container === ref.database);
        if (applies && !catalog.grants.some((g) => g.privilege === fg.privilege && g.objectType === type && g.objectName === full && g.grantee === fg.grantee))
          catalog.grants.push({ privilege: fg.privilege, objectType: type, objectName: full, grantee: fg.grantee, grantedBy: 'ACCOUNTADMIN' });
      }
      this.persist();
      return statusResult(`${isView ? 'View' : 'Table'} ${ref.name} successfully created.`);
    }
    const dropped = kw.match(/^DROP (TABLE|VIEW) (IF EXISTS )?/);
    if (dropped) {
      const ts = new TokenStream(tokenize(kw));
      ts.accept('DROP');
      ts.next();
      ts.accept('IF', 'EXISTS');
      const name = ts.name() ?? [];
      return statusResult(`${name[name.length - 1] ?? ''} successfully dropped.`);
    }
    return statusResult('Statement executed successfully.');
  }

  private async runQuery(conn: DuckDBConnection, sql: string, queryId: string, session: Session): Promise<QueryResult> {
    const prepared = await conn.prepare(sql);
    const names: string[] = [];
    const kinds: ColumnKind[] = [];
    for (let i = 0; i < prepared.columnCount; i++) {
      names.push(prepared.columnName(i));
      kinds.push(columnKind(describeType(prepared.columnType(i))));
    }
    prepared.destroySync();
    const where = { database: session.database ?? '', schema: session.schema ?? '' };
    const rowtype = names.map((n, i) => buildRowType(n, kinds[i]!, where));
    const encoded = encodeRowsSql(sql, kinds);

    // Small results are read straight off a streaming result; only when it turns out to be
    // bigger than the inline limit is it materialised into the scratch catalog for chunking.
    const stream = await conn.stream(encoded);
    const inline: string[] = [];
    let overflow = false;
    for (;;) {
      const chunk = await stream.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const v of chunk.getColumnValues(0)) inline.push(String(v));
      if (inline.length > this.opts.inlineRows) {
        overflow = true;
        break;
      }
    }
    if (!overflow) {
      return { rowtype, inlineRows: inline, total: inline.length, chunks: [], resultTable: null, statementTypeId: STATEMENT_TYPE.select };
    }
    const table = resultTableName(queryId);
    await conn.run(`CREATE OR REPLACE TABLE ${table} AS ${encoded}`);
    const total = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRowsJS()[0]?.[0] ?? 0);
    const head = await conn.runAndReadAll(`SELECT j FROM ${table} WHERE rowid < ${this.opts.inlineRows} ORDER BY rowid`);
    const inlineRows = head.getColumnsJS()[0]?.map(String) ?? [];
    const chunks: ChunkSpec[] = [];
    for (let start = inlineRows.length; start < total; start += this.opts.rowsPerChunk)
      chunks.push({ startRow: start, rowCount: Math.min(this.opts.rowsPerChunk, total - start) });
    return { rowtype, inlineRows, total, chunks, resultTable: table, statementTypeId: STATEMENT_TYPE.select };
  }

  async readChunk(table: string, spec: ChunkSpec, readerIndex: number): Promise<string> {
    return this.engine.reader(readerIndex).run(async (c) => {
      const r = await c.runAndReadAll(`SELECT j FROM ${table} WHERE rowid >= ${spec.startRow} AND rowid < ${spec.startRow + spec.rowCount} ORDER BY rowid`);
      const col = r.getColumnsJS()[0] ?? [];
      return col.join(',\n');
    });
  }

  async dropResult(table: string): Promise<void> {
    await this.engine.reader(0).run((c) => c.run(`DROP TABLE IF EXISTS ${table}`)).catch(() => undefined);
  }
}

// Name of the table/view a CREATE statement makes, as normalised parts.
function createdName(sql: string): string[] | null {
  const ts = new TokenStream(tokenize(sql));
  ts.accept('CREATE');
  ts.accept('OR', 'REPLACE');
  while (['TRANSIENT', 'TEMPORARY', 'TEMP', 'LOCAL', 'GLOBAL', 'VOLATILE', 'SECURE', 'RECURSIVE'].includes(ts.peek()?.upper ?? '')) ts.next();
  if (!ts.accept('TABLE') && !ts.accept('VIEW')) return null;
  ts.accept('IF', 'NOT', 'EXISTS');
  return ts.name();
}
