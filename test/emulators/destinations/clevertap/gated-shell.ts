import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Answer, BaseLogEntry, FakeEndpoint, ShellStats } from '../amplitude/server-shell';
import type { FaultAction } from '../http/faults';
import { readBody, sendJson } from '../http/http-io';

// The Amplitude fake's server shell (../amplitude/server-shell.ts: loopback only, the HTTP fake's
// fault switches before the API's own checks, the request log and counters, a close that waits
// for every socket), plus the one thing CleverTap needs that it cannot do: a gate that sees a
// request the moment it arrives and learns when its answer is done, because CleverTap limits
// requests *in flight* per account (destinations.md §3.4), not requests per second.

export interface Admission {
  /** The answer for a request the gate turns away (a 429), or null to let it through. */
  refusal: Answer | null;
  /** Called once, when the request's answer is finished or its connection is gone. */
  release: () => void;
}

export interface GatedEndpoint<Entry extends BaseLogEntry> extends Omit<FakeEndpoint<Entry>, 'admin'> {
  /**
   * Called as a request arrives (headers read, body not yet), before any fault: everything
   * from here to `release`, a fault's delay included, is the request being in flight.
   */
  admit(req: IncomingMessage): Admission;
  /** The request was turned away by the gate (for the endpoint's counters and log entry). */
  turnedAway(entry: Entry): void;
  /** How long the API takes over a request it processes (in flight all along); 0 for at once. */
  processingMs(): number;
  /** `/__fake/<route>` (with the query string, e.g. `?field=…`): not counted, never faulted. */
  admin(method: string, route: string, search: URLSearchParams, body: Buffer): Answer;
}

const ADMIN_PREFIX = '/__fake/';

export class GatedShell<Entry extends BaseLogEntry> {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly pendingDelays = new Set<() => void>();
  private closing: Promise<void> | null = null;
  private entries: Entry[] = [];
  private counters: ShellStats = { requests: 0, statusCounts: {}, faultsInjected: 0 };
  port = 0;

  constructor(private readonly endpoint: GatedEndpoint<Entry>) {
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

  reset(): void {
    this.entries = [];
    this.counters = { requests: 0, statusCounts: {}, faultsInjected: 0 };
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith(ADMIN_PREFIX)) {
      const body = await readBody(req, 1024 * 1024);
      return this.send(res, this.endpoint.admin(req.method ?? '', path.slice(ADMIN_PREFIX.length), url.searchParams, body.buf));
    }

    const refused = this.endpoint.refuse(req.method ?? '', path);
    // In flight from here: the gate counts it before its body is even read.
    const admission = refused ? null : this.endpoint.admit(req);
    if (admission) res.once('close', admission.release);
    const raw = await readBody(req, this.endpoint.rawCap(path));
    const entry = this.endpoint.entry(req, path, this.endpoint.now());
    this.entries.push(entry);
    this.counters.requests++;
    if (refused) return this.answer(req, res, entry, refused);
    if (admission?.refusal) {
      this.endpoint.turnedAway(entry);
      return this.answer(req, res, entry, admission.refusal);
    }

    const plan = this.endpoint.faults.take();
    if (plan.delayMs > 0 || plan.action) this.counters.faultsInjected++;
    if (plan.delayMs > 0 && !(await this.sleep(plan.delayMs, res))) {
      // The client gave up (or the fake is closing): nothing is processed.
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

    const processing = this.endpoint.processingMs();
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
