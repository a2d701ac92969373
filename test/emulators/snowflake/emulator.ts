import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { BindMap } from './bindings';
import { createCatalog, deserializeCatalog, serializeCatalog, type CatalogState, type User } from './catalog';
import { effectiveRolesOfUser } from './commands';
import { type Engine, LockedConnection } from './engine';
import { SnowflakeError, sfError, toSnowflakeError } from './errors';
import { Executor } from './executor';
import { Faults, type FaultOptions } from './faults';
import { fail, ok, readJsonBody, sendJson, sendRawJson, sessionTokenOf } from './http-util';
import { checkLoginJwt } from './jwt';
import { canSeeDatabase, canSeeSchema, canUseWarehouse } from './privileges';
import { QueryRegistry, waitFor, type QueryRecord } from './queries';
import { SessionStore } from './sessions';
import { quoteIdent } from './sql-text';
import type { Session } from './types';

const gzipAsync = promisify(gzip);

export interface EmulatorConfig {
  port: number;
  account: string;
  admin: { username: string; password: string };
  warehouse: string;
  dbFile: string | null;
  tokenValiditySeconds: number;
  masterTokenValiditySeconds: number;
  // How long query-request waits for a result before answering 333333 (then the driver polls).
  syncWaitMs: number;
  // How long GET /queries/<id>/result holds the request open for a running query.
  longPollMs: number;
  inlineRows: number;
  rowsPerChunk: number;
  faults: FaultOptions;
  log: boolean;
}

const DEFAULT_PARAMS: ReadonlyArray<[string, string | number | boolean]> = [
  ['TIMEZONE', 'America/Los_Angeles'],
  ['BINARY_OUTPUT_FORMAT', 'HEX'],
  ['DATE_OUTPUT_FORMAT', 'YYYY-MM-DD'],
  ['TIME_OUTPUT_FORMAT', 'HH24:MI:SS'],
  ['TIMESTAMP_OUTPUT_FORMAT', 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM'],
  ['TIMESTAMP_NTZ_OUTPUT_FORMAT', 'YYYY-MM-DD HH24:MI:SS.FF3'],
  ['TIMESTAMP_LTZ_OUTPUT_FORMAT', ''],
  ['TIMESTAMP_TZ_OUTPUT_FORMAT', ''],
  ['JS_TREAT_INTEGER_AS_BIGINT', false],
  ['CLIENT_SESSION_KEEP_ALIVE', false],
  ['CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY', 3600],
  // Far above any batch Floe sends, so the driver never tries to upload binds to a stage.
  ['CLIENT_STAGE_ARRAY_BINDING_THRESHOLD', 100_000_000],
  ['CLIENT_RESULT_PREFETCH_THREADS', 4],
  ['QUERY_CONTEXT_CACHE_SIZE', 5],
];

export class Emulator {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  readonly faults = new Faults();
  readonly sessions: SessionStore;
  readonly queries: QueryRegistry;
  readonly executor: Executor;
  catalog: CatalogState;
  port = 0;
  readonly stats = { logins: 0, renewals: 0, chunksServed: 0, chunkFaults: 0, queries: 0 };
  private adminSession: Session | null = null;

  constructor(
    readonly engine: Engine,
    readonly config: EmulatorConfig,
  ) {
    this.faults.apply(config.faults);
    const catalogFile = this.catalogFile();
    this.catalog =
      catalogFile && existsSync(catalogFile)
        ? deserializeCatalog(readFileSync(catalogFile, 'utf8'))
        : createCatalog({ ...config.admin, warehouse: config.warehouse });
    this.sessions = new SessionStore(config.tokenValiditySeconds * 1000, config.masterTokenValiditySeconds * 1000, () => this.faults.tokenEpoch);
    this.queries = new QueryRegistry(200, (r) => {
      if (r.result?.resultTable) void this.executor.dropResult(r.result.resultTable);
    });
    this.executor = new Executor(
      engine,
      () => this.catalog,
      this.faults,
      { account: config.account, inlineRows: config.inlineRows, rowsPerChunk: config.rowsPerChunk },
      () => this.persist(),
      (s, db, schema) => this.useNamespace(s, db, schema),
    );
  }

  get accessUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private catalogFile(): string | null {
    return this.config.dbFile ? `${this.config.dbFile}.catalog.json` : null;
  }

  persist(): void {
    const f = this.catalogFile();
    if (f) writeFileSync(f, serializeCatalog(this.catalog));
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        // Never a 5xx for a logic error: the driver would retry it for minutes.
        const err = toSnowflakeError(e);
        if (!res.headersSent) fail(res, err.code, err.message, { sqlState: err.sqlState, errorCode: err.code });
      });
    });
    server.keepAliveTimeout = 65_000;
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const r of this.queries.all()) if (r.status === 'RUNNING') r.controller.abort();
    const server = this.server;
    this.server = null;
    if (server) {
      server.close();
      for (const s of this.sockets) s.destroy();
    }
    for (const s of this.sessions.all()) this.sessions.close(s);
    if (this.adminSession) this.sessions.close(this.adminSession);
    this.persist();
    await this.engine.close();
  }

  // ---------------------------------------------------------------- sessions

  sessionParams(extra: Record<string, unknown> = {}): Map<string, string | number | boolean> {
    const params = new Map<string, string | number | boolean>(DEFAULT_PARAMS);
    for (const [k, v] of Object.entries(extra)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') params.set(k.toUpperCase(), v);
    }
    return params;
  }

  async useNamespace(s: Session, db: string | null, schema: string | null): Promise<void> {
    s.database = db;
    s.schema = db ? schema : null;
    const target = db ? (schema ? `${quoteIdent(db)}.${quoteIdent(schema)}` : quoteIdent(db)) : quoteIdent(this.engine.mainDb);
    await s.conn.run((c) => c.run(`USE ${target}`));
  }

  async openSession(user: User, req: { role?: string | null; warehouse?: string | null; database?: string | null; schema?: string | null; params?: Record<string, unknown> }): Promise<Session> {
    const cat = this.catalog;
    const granted = effectiveRolesOfUser(cat, user.name);
    let role = req.role ?? user.defaultRole ?? 'PUBLIC';
    if (req.role && !granted.has(req.role))
      throw new SnowflakeError('390189', `Role '${req.role}' specified in the connect string is not granted to this user. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.`, '08004');
    if (!granted.has(role)) role = 'PUBLIC';
    const whName = req.warehouse ?? user.defaultWarehouse;
    // Like Snowflake, an unusable default warehouse/namespace is silently left unset.
    const warehouse = whName && cat.warehouses.has(whName) && canUseWarehouse(cat, role, whName) ? whName : null;
    const ns = user.defaultNamespace?.split('.') ?? [];
    const dbName = req.database ?? ns[0] ?? null;
    const dbs = await this.engine.listDatabases();
    const database = dbName && dbs.includes(dbName) && canSeeDatabase(cat, role, dbName) ? dbName : null;
    let schema: string | null = null;
    if (database) {
      const schemas = await this.engine.listSchemas(database);
      const wanted = req.schema ?? (req.database ? null : ns[1]) ?? 'PUBLIC';
      schema = schemas.includes(wanted) && canSeeSchema(cat, role, database, wanted) ? wanted : null;
    }
    const params = this.sessionParams(req.params ?? {});
    const conn = new LockedConnection(await this.engine.connect(String(params.get('TIMEZONE'))));
    const s = this.sessions.create(user.name, conn, { role, warehouse, database: null, schema: null, params });
    await this.useNamespace(s, database, schema);
    return s;
  }

  async admin(): Promise<Session> {
    if (!this.adminSession || this.adminSession.closed) {
      const user = this.catalog.users.get(this.config.admin.username.toUpperCase());
      if (!user) throw sfError.internal('admin user missing');
      this.adminSession = await this.openSession(user, { role: 'ACCOUNTADMIN' });
    }
    // The helper session must never hit token expiry faults.
    this.adminSession.tokenExpiresAt = Number.MAX_SAFE_INTEGER;
    return this.adminSession;
  }

  // ---------------------------------------------------------------- queries

  startQuery(session: Session, sqlText: string, binds: BindMap | undefined, requestId: string | null, statementParams?: Record<string, unknown>): QueryRecord {
    const id = randomUUID();
    const controller = new AbortController();
    const record: QueryRecord = {
      id,
      sessionId: session.id,
      requestId,
      sqlText,
      status: 'RUNNING',
      startTime: Date.now(),
      endTime: null,
      result: null,
      error: null,
      controller,
      done: Promise.resolve(),
      final: { database: null, schema: null, warehouse: null, role: null },
    };
    record.done = this.executor
      .execute({ session, sqlText, binds, queryId: id, signal: controller.signal, statementParams })
      .then(
        (result) => {
          record.result = result;
          record.status = controller.signal.aborted ? 'ABORTED' : 'SUCCESS';
          if (controller.signal.aborted) record.error = sfError.canceled();
        },
        (e: unknown) => {
          record.error = controller.signal.aborted ? sfError.canceled() : toSnowflakeError(e);
          record.status = controller.signal.aborted ? 'ABORTED' : 'FAILED_WITH_ERROR';
        },
      )
      .finally(() => {
        record.endTime = Date.now();
        record.final = { database: session.database, schema: session.schema, warehouse: session.warehouse, role: session.role };
      });
    this.queries.add(record);
    this.stats.queries++;
    return record;
  }

  private paramsArray(session: Session): { name: string; value: string | number | boolean }[] {
    return [...session.params.entries()].map(([name, value]) => ({ name, value }));
  }

  private sendResult(res: ServerResponse, r: QueryRecord, session: Session): void {
    if (r.error || !r.result) {
      const e = r.error ?? sfError.internal('no result');
      fail(res, e.code, e.message, {
        internalError: false,
        errorCode: e.code,
        age: 0,
        sqlState: e.sqlState,
        queryId: r.id,
        line: -1,
        pos: -1,
        type: e.errorType,
      });
      return;
    }
    const result = r.result;
    const data = {
      queryId: r.id,
      rowtype: result.rowtype,
      rowset: '__FLOE_ROWSET__',
      total: result.total,
      returned: result.total,
      statementTypeId: result.statementTypeId,
      version: 1,
      parameters: this.paramsArray(session),
      chunks: result.chunks.map((c, i) => ({
        url: `${this.accessUrl}/chunks/${r.id}/${i}`,
        rowCount: c.rowCount,
        uncompressedSize: c.rowCount * 100,
        compressedSize: c.rowCount * 20,
      })),
      chunkHeaders: {},
      qrmk: null,
      queryResultFormat: 'json',
      finalDatabaseName: r.final.database,
      finalSchemaName: r.final.schema,
      finalWarehouseName: r.final.warehouse,
      finalRoleName: r.final.role,
      databaseProvider: null,
      queryContext: null,
      numberOfBinds: 0,
      arrayBindSupported: false,
      sendResultTime: Date.now(),
    };
    const body = JSON.stringify({ data, code: null, message: null, success: true }).replace(
      '"__FLOE_ROWSET__"',
      `[${result.inlineRows.join(',')}]`,
    );
    sendRawJson(res, body);
  }

  private sendRunning(res: ServerResponse, r: QueryRecord, async: boolean): void {
    sendJson(res, {
      data: { queryId: r.id, getResultUrl: `/queries/${r.id}/result` },
      code: async ? '333334' : '333333',
      message: async ? 'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.' : 'Query execution in progress.',
      success: true,
    });
  }

  // ---------------------------------------------------------------- HTTP

  private authed(req: IncomingMessage, res: ServerResponse): Session | null {
    const found = this.sessions.lookup(sessionTokenOf(req));
    if ('session' in found) return found.session;
    if (found.error === '390112') fail(res, '390112', 'Your session has expired. Please login again.', { nextAction: 'RETRY_LOGIN' });
    else fail(res, '390104', 'Session no longer exists.  New login required to access the service.', { nextAction: 'RETRY_LOGIN' });
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (this.config.log) process.stderr.write(`[sf-emu] ${method} ${path}\n`);
    let m: RegExpMatchArray | null;

    if (method === 'GET' && (m = path.match(/^\/chunks\/([0-9a-f-]+)\/(\d+)$/))) return this.serveChunk(req, res, m[1]!, Number(m[2]));
    if (path.startsWith('/__floe/')) return this.handleAdmin(req, res, path, method);

    if (method === 'POST' && path === '/session/v1/login-request') return this.login(req, res, url);
    if (method === 'POST' && path === '/session/token-request') return this.renew(req, res);
    if (method === 'POST' && path === '/telemetry/send') {
      await readJsonBody(req);
      return sendJson(res, { success: true, data: 'Log Received', code: null, message: null });
    }
    if (method === 'POST' && path === '/session' && url.searchParams.get('delete') === 'true') {
      const found = this.sessions.lookup(sessionTokenOf(req));
      if ('session' in found) this.sessions.close(found.session);
      return ok(res, null);
    }
    if (method === 'POST' && path === '/session/heartbeat') {
      await readJsonBody(req);
      if (!this.authed(req, res)) return;
      return ok(res, null);
    }

    if (method === 'POST' && path === '/queries/v1/query-request') {
      const body = await readJsonBody(req);
      const session = this.authed(req, res);
      if (!session) return;
      const requestId = url.searchParams.get('requestId');
      // A retried request (same requestId) attaches to the query already running.
      const existing = requestId ? this.queries.byRequestId(requestId) : undefined;
      const record =
        existing ??
        this.startQuery(session, String(body.sqlText ?? ''), body.bindings as BindMap | undefined, requestId, (body.parameters as Record<string, unknown>) ?? undefined);
      if (body.asyncExec === true) return this.sendRunning(res, record, true);
      if (await waitFor(record, this.config.syncWaitMs)) return this.sendResult(res, record, session);
      return this.sendRunning(res, record, false);
    }
    if (method === 'GET' && (m = path.match(/^\/queries\/([^/]+)\/result$/))) {
      const session = this.authed(req, res);
      if (!session) return;
      const r = this.queries.get(m[1]!);
      if (!r) return fail(res, '000709', `Statement ${m[1]} not found`, { sqlState: '02000', queryId: m[1] });
      if (await waitFor(r, this.config.longPollMs)) return this.sendResult(res, r, session);
      return this.sendRunning(res, r, false);
    }
    if (method === 'GET' && (m = path.match(/^\/monitoring\/queries\/([^/]+)$/))) {
      if (!this.authed(req, res)) return;
      const r = this.queries.get(m[1]!);
      if (!r) return sendJson(res, { success: true, code: null, message: null, data: { queries: [] } });
      const q = {
        id: r.id,
        status: r.status,
        state: r.status,
        errorCode: r.error?.code ?? null,
        errorMessage: r.error?.message ?? null,
        sqlText: r.sqlText,
        startTime: r.startTime,
        endTime: r.endTime ?? 0,
        sessionId: r.sessionId,
      };
      const failed = r.status === 'FAILED_WITH_ERROR' || r.status === 'ABORTED';
      return sendJson(res, {
        success: true,
        code: failed ? r.error?.code : null,
        message: failed ? '' : null,
        data: { queries: [q], sqlState: failed ? r.error?.sqlState : undefined },
      });
    }
    if (method === 'POST' && (m = path.match(/^\/queries\/([^/]+)\/abort-request$/))) {
      await readJsonBody(req);
      if (!this.authed(req, res)) return;
      const r = m[1] === 'v1' ? undefined : this.queries.get(m[1]!);
      r?.controller.abort();
      return ok(res, null);
    }
    if (method === 'POST' && path === '/queries/v1/abort-request') {
      const body = await readJsonBody(req);
      if (!this.authed(req, res)) return;
      const r = typeof body.requestId === 'string' ? this.queries.byRequestId(body.requestId) : undefined;
      r?.controller.abort();
      return ok(res, null);
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ success: false, code: '404', message: `No route for ${method} ${path}`, data: null }));
  }

  private async login(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = await readJsonBody(req);
    const data = (body.data ?? {}) as Record<string, unknown>;
    const loginName = String(data.LOGIN_NAME ?? '');
    const authenticator = String(data.AUTHENTICATOR ?? 'SNOWFLAKE').toUpperCase();
    const user = [...this.catalog.users.values()].find((u) => u.loginName.toUpperCase() === loginName.toUpperCase());
    const badPassword = (): void =>
      fail(res, '390100', 'Incorrect username or password was specified.', { nextAction: 'RETRY_LOGIN', authnMethod: 'USERNAME_PASSWORD', loginName });
    if (authenticator === 'SNOWFLAKE_JWT') {
      const check = user
        ? checkLoginJwt({
            token: String(data.TOKEN ?? ''),
            account: String(data.ACCOUNT_NAME ?? this.config.account),
            user: loginName,
            keys: [user.rsaPublicKey, user.rsaPublicKey2],
            nowMs: Date.now(),
          })
        : { ok: false as const, reason: 'unknown user' };
      if (!check.ok) {
        if (this.config.log) process.stderr.write(`[sf-emu] JWT rejected: ${check.reason}\n`);
        return fail(res, '390144', `JWT token is invalid. [${randomUUID()}]`, { nextAction: 'RETRY_LOGIN', authnMethod: 'KEY_PAIR', loginName, sqlState: '08004' });
      }
    } else if (authenticator === 'SNOWFLAKE' || authenticator === 'USERNAME_PASSWORD_MFA') {
      if (!user || user.password === null || user.password !== String(data.PASSWORD ?? '')) return badPassword();
    } else {
      return fail(res, '390100', `Authenticator ${authenticator} is not supported by the emulator.`, { nextAction: 'RETRY_LOGIN', loginName });
    }
    if (!user) return badPassword();
    if (user.locked) return fail(res, '390101', 'User temporarily locked. Contact your local system administrator.', { nextAction: 'RETRY_LOGIN', loginName, sqlState: '08004' });
    if (user.disabled) return fail(res, '390102', 'User access disabled. Contact your local system administrator.', { nextAction: 'RETRY_LOGIN', loginName, sqlState: '08004' });

    const ident = (v: string | null): string | null => (v ? (/^".*"$/.test(v) ? v.slice(1, -1) : v.toUpperCase()) : null);
    let session: Session;
    try {
      session = await this.openSession(user, {
        role: ident(url.searchParams.get('roleName')),
        warehouse: ident(url.searchParams.get('warehouse')),
        database: ident(url.searchParams.get('databaseName')),
        schema: ident(url.searchParams.get('schemaName')),
        params: (data.SESSION_PARAMETERS as Record<string, unknown>) ?? {},
      });
    } catch (e) {
      const err = toSnowflakeError(e);
      return fail(res, err.code, err.message, { nextAction: 'RETRY_LOGIN', loginName, sqlState: err.sqlState });
    }
    this.stats.logins++;
    return ok(res, {
      token: session.token,
      masterToken: session.masterToken,
      validityInSeconds: this.sessions.tokenValiditySeconds,
      masterValidityInSeconds: this.config.masterTokenValiditySeconds,
      sessionId: session.id,
      parameters: this.paramsArray(session),
      sessionInfo: { databaseName: session.database, schemaName: session.schema, warehouseName: session.warehouse, roleName: session.role },
      serverVersion: '9.0.0',
      displayUserName: user.displayName,
      firstLogin: false,
      remMeToken: null,
      remMeValidityInSeconds: 0,
      healthCheckInterval: 45,
      newClientForUpgrade: null,
      idToken: null,
      idTokenValidityInSeconds: 0,
      mfaToken: null,
      mfaTokenValidityInSeconds: 0,
    });
  }

  private async renew(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req);
    const s = this.sessions.renew(sessionTokenOf(req), typeof body.oldSessionToken === 'string' ? body.oldSessionToken : null);
    if (s) this.stats.renewals++;
    if (!s) return fail(res, '390114', 'Authentication token has expired.  The user must authenticate again.', { nextAction: 'RETRY_LOGIN' });
    return ok(res, {
      sessionToken: s.token,
      validityInSecondsST: this.sessions.tokenValiditySeconds,
      masterToken: s.masterToken,
      validityInSecondsMT: this.config.masterTokenValiditySeconds,
      sessionId: s.id,
    });
  }

  private async serveChunk(req: IncomingMessage, res: ServerResponse, queryId: string, index: number): Promise<void> {
    const r = this.queries.get(queryId);
    const spec = r?.result?.chunks[index];
    const table = r?.result?.resultTable;
    if (!r || !spec || !table) {
      // S3 answers 403 for expired/unknown URLs; the driver then re-fetches the result.
      res.writeHead(403, { 'Content-Type': 'text/plain' });
      res.end('chunk not found');
      return;
    }
    const fault = this.faults.takeChunkFailure();
    if (fault !== null) this.stats.chunkFaults++;
    else this.stats.chunksServed++;
    if (typeof fault === 'number') {
      res.writeHead(fault, { 'Content-Type': 'text/plain' });
      res.end('injected chunk failure');
      return;
    }
    const text = await this.executor.readChunk(table, spec, index);
    const body = await gzipAsync(Buffer.from(text, 'utf8'), { level: 1 });
    if (fault === 'drop') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip', 'Content-Length': body.length });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip', 'Content-Length': body.length });
    res.end(body);
  }

  private async handleAdmin(req: IncomingMessage, res: ServerResponse, path: string, method: string): Promise<void> {
    const body = method === 'POST' ? await readJsonBody(req) : {};
    if (path === '/__floe/faults' && method === 'POST') this.faults.apply(body as FaultOptions);
    else if (path === '/__floe/faults/reset' && method === 'POST') this.faults.reset();
    else if (path === '/__floe/token-validity' && method === 'POST') this.sessions.setTokenValiditySeconds(Number(body.seconds ?? 3600));
    else if (path === '/__floe/sql' && method === 'POST') {
      const s = await this.admin();
      const r = this.startQuery(s, String(body.sql ?? ''), undefined, null);
      await r.done;
      if (r.error) return sendJson(res, { success: false, code: r.error.code, message: r.error.message });
      return sendJson(res, { success: true, rowtype: r.result?.rowtype, rows: r.result?.inlineRows.map((x) => JSON.parse(x) as unknown) });
    } else if (path !== '/__floe/faults' && path !== '/__floe/health') {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"success":false}');
      return;
    }
    sendJson(res, { success: true, faults: this.faults.snapshot(), tokenValiditySeconds: this.sessions.tokenValiditySeconds, stats: this.stats });
  }
}
