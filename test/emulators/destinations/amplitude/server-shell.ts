import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultAction, Faults } from '../http/faults';
import { readBody, sendJson, type RawBody } from '../http/http-io';

// The loopback server both SaaS fakes run on (the Customer.io fake imports it from here): it
// binds 127.0.0.1, applies the HTTP fake's fault switches the way that fake does (a delay
// first, then drop / status / accept-then-drop, all before the API's own checks, as a proxy
// in front of the API would), keeps the request log and the counters every fake has, and
// closes only once every socket is gone. What a request means is the endpoint's business.

export interface Answer {
  status: number;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as text/plain instead of `json`. */
  text?: string;
  headers?: Record<string, string>;
}

/** What every request log entry has; each fake adds its own fields. */
export interface BaseLogEntry {
  path: string;
  /** The answer's status; null when none was made (dropped connection, client gone during a delay). */
  status: number | null;
  receivedAt: number;
  /** True when accept-then-drop processed the request and swallowed the answer. */
  ackDropped: boolean;
}

export interface ShellStats {
  /** Requests to API paths, faulted ones included (admin requests are not counted). */
  requests: number;
  /** Answers by HTTP status; dropped connections have none. */
  statusCounts: Record<string, number>;
  /** Requests a fault switch acted on (each request counts once). */
  faultsInjected: number;
}

export interface FakeEndpoint<Entry extends BaseLogEntry> {
  /** Prefix of log lines, e.g. `amplitude-fake`. */
  readonly name: string;
  readonly log: boolean;
  readonly faults: Faults;
  now(): number;
  /** The log entry of a request that just arrived (status still null). */
  entry(req: IncomingMessage, path: string, receivedAt: number): Entry;
  /** A 404/405 for what the API does not serve, or null. Answered before faults. */
  refuse(method: string, path: string): Answer | null;
  /** Bytes of body kept before the rest is read and thrown away (the fake then answers 413/400). */
  rawCap(path: string): number;
  /** The API's own shape for an injected 429 or 5xx. */
  faultAnswer(status: number, path: string): Answer;
  /** Checks and (maybe) stores the request; fills the entry's own fields. */
  handle(req: IncomingMessage, raw: RawBody, url: URL, entry: Entry): Promise<Answer>;
  /** `/__fake/<route>` (its query string in `search`): not counted, never faulted. */
  admin(method: string, route: string, body: Buffer, search: URLSearchParams): Answer;
  /**
   * For an API that limits requests in flight (CleverTap: per account): called as a request
   * arrives (headers read, body not yet), before any fault. Everything from here to `release`, a
   * fault's delay included, is the request being in flight.
   */
  admit?(req: IncomingMessage): Admission;
  /** The request was turned away by `admit` (for the endpoint's counters and log entry). */
  turnedAway?(entry: Entry): void;
  /** How long the API takes over a request it processes (in flight all along); 0 or none for at once. */
  processingMs?(): number;
}

export interface Admission {
  /** The answer for a request the gate turns away (a 429), or null to let it through. */
  refusal: Answer | null;
  /** Called once, when the request's answer is finished or its connection is gone. */
  release: () => void;
}

const ADMIN_PREFIX = '/__fake/';

export class ServerShell<Entry extends BaseLogEntry> {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly pendingDelays = new Set<() => void>();
  private closing: Promise<void> | null = null;
  private entries: Entry[] = [];
  private counters: ShellStats = { requests: 0, statusCounts: {}, faultsInjected: 0 };
  port = 0;

  constructor(private readonly endpoint: FakeEndpoint<Entry>) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((e: unknown) => this.internalError(res, e));
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      // Loopback only: a fake must never be reachable from the network.
      this.server.listen(port, '127.0.0.1', () => {
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

  requests(): Entry[] {
    return this.entries.map((e) => structuredClone(e));
  }

  stats(): ShellStats {
    return { ...this.counters, statusCounts: { ...this.counters.statusCounts } };
  }

  /** Forgets the request log and counters (the fake forgets its own data and faults). */
  reset(): void {
    this.entries = [];
    this.counters = { requests: 0, statusCounts: {}, faultsInjected: 0 };
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith(ADMIN_PREFIX)) {
      const body = await readBody(req, 1024 * 1024);
      return this.send(res, this.endpoint.admin(req.method ?? '', path.slice(ADMIN_PREFIX.length), body.buf, url.searchParams));
    }

    const refused = this.endpoint.refuse(req.method ?? '', path);
    // In flight from here: a gate counts the request before its body is even read.
    const admission = refused ? null : (this.endpoint.admit?.(req) ?? null);
    if (admission) res.once('close', admission.release);
    const raw = await readBody(req, this.endpoint.rawCap(path));
    const entry = this.endpoint.entry(req, path, this.endpoint.now());
    this.entries.push(entry);
    this.counters.requests++;
    if (refused) return this.answer(req, res, entry, refused);
    if (admission?.refusal) {
      this.endpoint.turnedAway?.(entry);
      return this.answer(req, res, entry, admission.refusal);
    }

    const plan = this.endpoint.faults.take();
    if (plan.delayMs > 0 || plan.action) this.counters.faultsInjected++;
    if (plan.delayMs > 0 && !(await this.sleep(plan.delayMs, res))) {
      // The client gave up (or the fake is closing): nothing is processed, like a server that
      // notices the disconnect. A lost ack is what accept-then-drop is for.
      this.note(req, 'client gone during the delay');
      req.socket.destroy();
      return;
    }
    const action: FaultAction | null = plan.action;
    if (action?.kind === 'drop') {
      this.note(req, 'dropped');
      req.socket.destroy();
      return;
    }
    if (action?.kind === 'status') {
      const a = this.endpoint.faultAnswer(action.status, path);
      const headers = action.retryAfterSeconds === null ? a.headers : { ...a.headers, 'Retry-After': String(action.retryAfterSeconds) };
      return this.answer(req, res, entry, { ...a, headers });
    }

    const processing = this.endpoint.processingMs?.() ?? 0;
    if (processing > 0 && !(await this.sleep(processing, res))) {
      this.note(req, 'client gone while the API was processing');
      req.socket.destroy();
      return;
    }
    let answer: Answer;
    try {
      answer = await this.endpoint.handle(req, raw, url, entry);
    } catch (e) {
      // Most likely an invalidWhen rule that threw: surface it to the test instead of hanging.
      const message = e instanceof Error ? e.message : String(e);
      answer = { status: 500, json: { error: `fake failed: ${message}` } };
    }
    if (action?.kind === 'accept-then-drop') {
      // The status it would have had stays in the log: ackDropped says it never arrived.
      entry.status = answer.status;
      entry.ackDropped = true;
      this.note(req, `accepted then dropped (would have been ${answer.status})`);
      req.socket.destroy();
      return;
    }
    this.answer(req, res, entry, answer);
  }

  private answer(req: IncomingMessage, res: ServerResponse, entry: Entry, a: Answer): void {
    entry.status = a.status;
    const code = String(a.status);
    this.counters.statusCounts[code] = (this.counters.statusCounts[code] ?? 0) + 1;
    this.note(req, code);
    this.send(res, a);
  }

  private send(res: ServerResponse, a: Answer): void {
    if (a.text === undefined) return sendJson(res, a.status, a.json ?? {}, a.headers);
    const buf = Buffer.from(a.text, 'utf8');
    res.writeHead(a.status, { ...a.headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(buf.length) });
    res.end(buf);
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

  private internalError(res: ServerResponse, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    if (this.endpoint.log) process.stderr.write(`[${this.endpoint.name}] internal error: ${message}\n`);
    if (res.headersSent || res.destroyed) return;
    sendJson(res, 500, { error: `fake failed: ${message}` });
  }

  private note(req: IncomingMessage, outcome: string): void {
    if (this.endpoint.log) process.stderr.write(`[${this.endpoint.name}] ${req.method ?? '?'} ${req.url ?? ''} → ${outcome}\n`);
  }
}
