import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { authChallenge, badRequiredHeaders, checkAuth } from './auth';
import { decodeBody } from './decode-body';
import { Faults, faultSettingsSchema, type FaultPlan } from './faults';
import { readBody, sendJson } from './http-io';
import { formatOf, parseBatch, type BatchRejection } from './parse-batch';
import { RecordStore } from './record-store';
import type { BatchLogEntry, ErrorBody, HttpFakeAuth, HttpFakeStats, IngestResponse, RejectWhen } from './types';

export interface HttpFakeConfig {
  port: number;
  path: string;
  idField: string;
  auth: HttpFakeAuth | undefined;
  requiredHeaders: Record<string, string>;
  maxRecordsPerBatch: number;
  maxBodyBytes: number;
  retryAfterSeconds: number | null;
  rejectWhen: RejectWhen | null;
  strictIdempotencyKey: boolean;
  log: boolean;
}

interface Answer {
  status: number;
  body: IngestResponse | ErrorBody;
  headers?: Record<string, string>;
  batch?: BatchLogEntry;
}

const ADMIN_PREFIX = '/__fake/';

const emptyStats = (): HttpFakeStats => ({
  requests: 0,
  batches: 0,
  accepted: 0,
  duplicates: 0,
  rejected: 0,
  bytes: 0,
  statusCounts: {},
  faultsInjected: 0,
});

const rejection = (r: BatchRejection): Answer => ({ status: r.status, body: r.body });

export class HttpFakeServer {
  readonly faults: Faults;
  readonly store = new RecordStore();
  rejectWhen: RejectWhen | null;
  private stats = emptyStats();
  private batchLog: BatchLogEntry[] = [];
  // Idempotency-Key → fingerprint of the ids it carried, to catch a key reused for another batch.
  private readonly batchKeys = new Map<string, string>();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly pendingDelays = new Set<() => void>();
  private closing: Promise<void> | null = null;
  port = 0;

  constructor(private readonly config: HttpFakeConfig) {
    this.faults = new Faults(config.retryAfterSeconds);
    this.rejectWhen = config.rejectWhen;
    this.server = createServer((req, res) => {
      this.route(req, res).catch((e: unknown) => this.internalError(res, e));
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}${this.config.path}`;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      // Loopback only (DESIGN.md §6): the fake must never be reachable from the network.
      this.server.listen(this.config.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        this.port = typeof addr === 'object' && addr ? addr.port : 0;
        resolve();
      });
    });
  }

  /** Resolves once the listener is closed and every socket has gone (in-flight delays included). */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const cancel of [...this.pendingDelays]) cancel();
      const socketsGone = [...this.sockets].map((s) => new Promise<void>((r) => (s.destroyed ? r() : s.once('close', () => r()))));
      const listenerClosed = new Promise<void>((r) => this.server.close(() => r()));
      for (const s of this.sockets) s.destroy();
      void Promise.all([listenerClosed, ...socketsGone]).then(() => resolve());
    });
    return this.closing;
  }

  getStats(): HttpFakeStats {
    return { ...this.stats, statusCounts: { ...this.stats.statusCounts } };
  }

  batches(): BatchLogEntry[] {
    return this.batchLog.map((b) => ({ ...b }));
  }

  /** Forgets records, dedup memory, stats and faults; keeps the configuration and rejectWhen. */
  reset(): void {
    this.store.clear();
    this.stats = emptyStats();
    this.batchLog = [];
    this.batchKeys.clear();
    this.faults.reset();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path.startsWith(ADMIN_PREFIX)) return this.admin(req, res, path.slice(ADMIN_PREFIX.length));

    const raw = await readBody(req, this.rawCap());
    this.stats.requests++;
    this.stats.bytes += raw.size;
    if (path !== this.config.path) return this.answer(req, res, { status: 404, body: { error: `no endpoint at ${path}; POST to ${this.config.path}` } });
    if (req.method !== 'POST') return this.answer(req, res, { status: 405, body: { error: `${req.method} is not allowed; use POST` }, headers: { Allow: 'POST' } });

    const plan = this.faults.take();
    if (plan.delayMs > 0 || plan.action) this.stats.faultsInjected++;
    if (plan.delayMs > 0 && !(await this.sleep(plan.delayMs, res))) {
      // The client gave up (or we are closing): like a server that notices the disconnect, the
      // batch is not processed. Lost acks are modelled by accept-then-drop instead.
      req.socket.destroy();
      return;
    }
    const early = this.earlyFault(plan);
    if (early === 'drop') {
      this.log(req, 'dropped');
      req.socket.destroy();
      return;
    }
    if (early) return this.answer(req, res, early);

    const answer = await this.ingest(req, raw.buf, raw.size, raw.truncated);
    if (plan.action?.kind === 'accept-then-drop') {
      if (answer.batch) answer.batch.ackDropped = true;
      this.log(req, `accepted-then-dropped (would have been ${answer.status})`);
      req.socket.destroy();
      return;
    }
    this.answer(req, res, answer);
  }

  private earlyFault(plan: FaultPlan): Answer | 'drop' | null {
    const a = plan.action;
    if (!a || a.kind === 'accept-then-drop') return null;
    if (a.kind === 'drop') return 'drop';
    const headers: Record<string, string> = a.retryAfterSeconds === null ? {} : { 'Retry-After': String(a.retryAfterSeconds) };
    const error = a.status === 429 ? 'rate limited (injected fault)' : `server error ${a.status} (injected fault)`;
    return { status: a.status, body: { error }, headers };
  }

  private rawCap(): number {
    // Gzip of incompressible data is slightly larger than the data; leave room for that.
    return this.config.maxBodyBytes + Math.ceil(this.config.maxBodyBytes / 100) + 1024;
  }

  private async ingest(req: IncomingMessage, raw: Buffer, wireBytes: number, truncated: boolean): Promise<Answer> {
    const { auth, requiredHeaders, maxBodyBytes } = this.config;
    if (!checkAuth(req.headers.authorization, auth)) {
      return { status: 401, body: { error: 'unauthorized' }, headers: auth ? { 'WWW-Authenticate': authChallenge(auth) } : {} };
    }
    const badHeaders = badRequiredHeaders(req.headers, requiredHeaders);
    if (badHeaders.length > 0) return { status: 400, body: { error: `missing or wrong required header(s): ${badHeaders.join(', ')}` } };
    const format = formatOf(req.headers['content-type']);
    if (!format) {
      return { status: 415, body: { error: `Content-Type must be application/json or application/x-ndjson, got "${req.headers['content-type'] ?? ''}"` } };
    }
    if (truncated) {
      return { status: 413, body: { error: `body is larger than ${maxBodyBytes} bytes`, limit: 'maxBodyBytes', max: maxBodyBytes, actual: wireBytes } };
    }
    const decoded = await decodeBody(raw, req.headers['content-encoding'], maxBodyBytes);
    if (!decoded.ok) return rejection(decoded);
    const parsed = parseBatch(decoded.body, format, { idField: this.config.idField, maxRecords: this.config.maxRecordsPerBatch });
    if (!parsed.ok) return rejection(parsed);

    const key = headerValue(req.headers['idempotency-key']);
    if (key !== null && this.config.strictIdempotencyKey) {
      const fingerprint = createHash('sha256').update(parsed.ids.join('\n')).digest('hex');
      const previous = this.batchKeys.get(key);
      if (previous !== undefined && previous !== fingerprint) {
        return { status: 422, body: { error: `Idempotency-Key "${key}" was already used for a batch with other records` } };
      }
      this.batchKeys.set(key, fingerprint);
    }

    const result = this.store.ingest(parsed.records, parsed.ids, this.rejectWhen, parsed.text);
    this.stats.batches++;
    this.stats.accepted += result.accepted;
    this.stats.duplicates += result.duplicates;
    this.stats.rejected += result.rejected;
    const batch: BatchLogEntry = {
      format,
      gzip: decoded.gzip,
      idempotencyKey: key,
      records: parsed.records.length,
      wireBytes,
      bodyBytes: decoded.body.length,
      ackDropped: false,
    };
    this.batchLog.push(batch);
    return { status: 200, body: result, batch };
  }

  private answer(req: IncomingMessage, res: ServerResponse, a: Answer): void {
    const code = String(a.status);
    this.stats.statusCounts[code] = (this.stats.statusCounts[code] ?? 0) + 1;
    this.log(req, code);
    sendJson(res, a.status, a.body, a.headers);
  }

  /** Resolves true after `ms`, or false as soon as the connection closes or the fake shuts down. */
  private sleep(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (completed: boolean): void => {
        clearTimeout(timer);
        res.off('close', onClose);
        this.pendingDelays.delete(cancel);
        resolve(completed);
      };
      const onClose = (): void => finish(false);
      const cancel = (): void => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      res.once('close', onClose);
      this.pendingDelays.add(cancel);
    });
  }

  private async admin(req: IncomingMessage, res: ServerResponse, route: string): Promise<void> {
    const key = `${req.method ?? ''} ${route}`;
    const raw = await readBody(req, 1024 * 1024);
    switch (key) {
      case 'GET records':
        return sendJson(res, 200, { records: this.store.all() });
      case 'GET stats':
        return sendJson(res, 200, this.getStats());
      case 'GET batches':
        return sendJson(res, 200, { batches: this.batches() });
      case 'GET faults':
        return sendJson(res, 200, this.faults.snapshot());
      case 'POST reset':
        this.reset();
        return sendJson(res, 200, { ok: true });
      case 'POST faults': {
        let body: unknown;
        try {
          body = raw.buf.length ? JSON.parse(raw.buf.toString('utf8')) : {};
          this.faults.apply(faultSettingsSchema.parse(body));
        } catch (e) {
          return sendJson(res, 400, { error: `invalid fault settings: ${e instanceof Error ? e.message : String(e)}` });
        }
        return sendJson(res, 200, this.faults.snapshot());
      }
      default:
        return sendJson(res, 404, { error: `unknown admin route ${key}` });
    }
  }

  private internalError(res: ServerResponse, e: unknown): void {
    // Most likely a rejectWhen that threw: surface it to the test instead of hanging the client.
    const message = e instanceof Error ? e.message : String(e);
    if (this.config.log) process.stderr.write(`[http-fake] internal error: ${message}\n`);
    if (res.headersSent || res.destroyed) return;
    this.stats.statusCounts['500'] = (this.stats.statusCounts['500'] ?? 0) + 1;
    sendJson(res, 500, { error: `fake endpoint failed: ${message}` });
  }

  private log(req: IncomingMessage, outcome: string): void {
    if (this.config.log) process.stderr.write(`[http-fake] ${req.method ?? '?'} ${req.url ?? ''} → ${outcome}\n`);
  }
}

function headerValue(v: string | string[] | undefined): string | null {
  if (v === undefined) return null;
  return Array.isArray(v) ? (v[0] ?? null) : v;
}
