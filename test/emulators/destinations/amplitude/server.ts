import type { IncomingMessage } from 'node:http';
import { decodeBody } from '../http/decode-body';
import { Faults } from '../http/faults';
import type { RawBody } from '../http/http-io';
import { bad, checkEventsBody, tooLarge } from './check-events';
import { checkIdentify, text400 } from './check-identify';
import { EventStore } from './event-store';
import { parseAmplitudeFaults } from './fault-settings';
import { ServerShell, type Answer, type FakeEndpoint } from './server-shell';
import { Throttles } from './throttles';
import type { AmplitudeStats, EpsLimits, EventsPath, IdentifyPath, InvalidWhen, JsonObject, RequestLogEntry, StoredIdentify } from './types';

export interface AmplitudeFakeConfig {
  port: number;
  apiKeys: string[];
  eps: EpsLimits | null;
  log: boolean;
  now: () => number;
}

const MB = 1024 * 1024;
/** destinations.md §1.4 (MB read as MiB, as Floe's client reads it); measured after gunzip. */
export const MAX_BYTES: Record<EventsPath | IdentifyPath, number> = { '/2/httpapi': MB, '/batch': 20 * MB, '/identify': MB, '/groupidentify': MB };
const METHODS: Record<string, string[]> = { '/2/httpapi': ['POST'], '/batch': ['POST'], '/identify': ['POST', 'GET'], '/groupidentify': ['POST', 'GET'] };

const isEventsPath = (p: string): p is EventsPath => p === '/batch' || p === '/2/httpapi';
const mimeOf = (h: string | undefined) => (h ?? '').split(';')[0]!.trim().toLowerCase();

export class AmplitudeServer implements FakeEndpoint<RequestLogEntry> {
  readonly name = 'amplitude-fake';
  readonly log: boolean;
  readonly faults = new Faults(null); // Amplitude documents no Retry-After
  readonly throttles: Throttles;
  readonly shell: ShellOf;
  invalidWhen: InvalidWhen | null = null;
  private readonly keys: Set<string>;
  private readonly store = new EventStore();
  private identified: StoredIdentify[] = [];
  private groupIdentified: StoredIdentify[] = [];
  private accepted = 0;
  private duplicates = 0;
  private switchedFaults = 0;

  constructor(private readonly config: AmplitudeFakeConfig) {
    this.log = config.log;
    this.keys = new Set(config.apiKeys);
    this.throttles = new Throttles(config.eps, config.now);
    this.shell = new ServerShell(this);
  }

  now(): number {
    return this.config.now();
  }

  events() {
    return this.store.all();
  }

  identifies(): StoredIdentify[] {
    return this.identified.map((i) => structuredClone(i));
  }

  groupIdentifies(): StoredIdentify[] {
    return this.groupIdentified.map((i) => structuredClone(i));
  }

  stats(): AmplitudeStats {
    const s = this.shell.stats();
    return { requests: s.requests, accepted: this.accepted, duplicates: this.duplicates, statusCounts: s.statusCounts, faultsInjected: s.faultsInjected + this.switchedFaults };
  }

  pending() {
    return { ...this.faults.snapshot(), ...this.throttles.snapshot(), invalidWhen: this.invalidWhen !== null };
  }

  clearFaults(): void {
    this.faults.reset();
    this.throttles.clear();
    this.invalidWhen = null;
  }

  /** Forgets stored data, dedup memory, eps history, the request log, counters and faults. */
  reset(): void {
    this.store.clear();
    this.identified = [];
    this.groupIdentified = [];
    this.accepted = 0;
    this.duplicates = 0;
    this.switchedFaults = 0;
    this.clearFaults();
    this.throttles.reset();
    this.shell.reset();
  }

  entry(_req: IncomingMessage, path: string, receivedAt: number): RequestLogEntry {
    return { path, status: null, events: 0, stored: 0, receivedAt, ackDropped: false };
  }

  refuse(method: string, path: string): Answer | null {
    const allowed = METHODS[path];
    if (!allowed) return { status: 404, json: { code: 404, error: 'Invalid request path' } };
    if (!allowed.includes(method)) return { status: 405, json: { code: 405, error: `${method} is not allowed on ${path}` }, headers: { Allow: allowed.join(', ') } };
    return null;
  }

  rawCap(path: string): number {
    const max = MAX_BYTES[path as EventsPath] ?? MB;
    // Gzip of incompressible data is slightly larger than the data; leave room for that.
    return max + Math.ceil(max / 100) + 1024;
  }

  faultAnswer(status: number, path: string): Answer {
    const error = status === 429 ? 'Too many requests (injected fault)' : `Server error ${status} (injected fault)`;
    return isEventsPath(path) ? { status, json: { code: status, error } } : { status, text: error };
  }

  async handle(req: IncomingMessage, raw: RawBody, url: URL, entry: RequestLogEntry): Promise<Answer> {
    const path = url.pathname;
    return isEventsPath(path) ? this.ingestEvents(req, raw, path, entry) : this.ingestIdentify(req, raw, url, path as IdentifyPath, entry);
  }

  private async ingestEvents(req: IncomingMessage, raw: RawBody, path: EventsPath, entry: RequestLogEntry): Promise<Answer> {
    const type = req.headers['content-type'];
    if (mimeOf(type) !== 'application/json') return bad(`Invalid request: Content-Type must be application/json, got "${type ?? ''}"`);
    if (raw.truncated) return tooLarge();
    const decoded = await decodeBody(raw.buf, req.headers['content-encoding'], MAX_BYTES[path]);
    if (!decoded.ok) return decoded.status === 413 ? tooLarge() : bad(`Invalid request: ${decoded.body.error}`);

    let ruled = false;
    const rule = this.invalidWhen;
    const counted: InvalidWhen | null = rule
      ? (e, i) => {
          const field = rule(e, i);
          if (field) ruled = true;
          return field;
        }
      : null;
    const checked = checkEventsBody(decoded.body.toString('utf8'), this.keys, counted);
    if (ruled) this.switchedFaults++;
    if (!checked.ok) {
      entry.events = checked.count;
      return checked.answer;
    }
    const events = checked.events;
    entry.events = events.length;

    const throttled = this.throttles.check(events, path);
    if (throttled) {
      if (throttled.switched) this.switchedFaults++;
      return throttled.answer;
    }
    const now = this.now();
    const { stored, duplicates } = this.store.add(events, path, now);
    this.throttles.record(events);
    this.accepted += stored;
    this.duplicates += duplicates;
    entry.stored = stored;
    return { status: 200, json: { code: 200, events_ingested: events.length, payload_size_bytes: decoded.body.length, server_upload_time: now } };
  }

  private async ingestIdentify(req: IncomingMessage, raw: RawBody, url: URL, path: IdentifyPath, entry: RequestLogEntry): Promise<Answer> {
    const params = new URLSearchParams(url.searchParams);
    if (req.method === 'POST' && raw.size > 0) {
      const type = req.headers['content-type'];
      if (mimeOf(type) !== 'application/x-www-form-urlencoded') return text400(`Content-Type must be application/x-www-form-urlencoded, got "${type ?? ''}"`);
      if (raw.truncated) return { status: 413, text: 'Payload too large' };
      const decoded = await decodeBody(raw.buf, req.headers['content-encoding'], MAX_BYTES[path]);
      if (!decoded.ok) return decoded.status === 413 ? { status: 413, text: 'Payload too large' } : text400(decoded.body.error);
      for (const [k, v] of new URLSearchParams(decoded.body.toString('utf8'))) params.set(k, v);
    }
    const checked = checkIdentify(path, params, this.keys);
    if (!checked.ok) {
      entry.events = checked.count;
      return checked.answer;
    }
    const receivedAt = this.now();
    const stored = checked.items.map((item: JsonObject) => ({ ...structuredClone(item), receivedAt }));
    (path === '/identify' ? this.identified : this.groupIdentified).push(...stored);
    this.accepted += stored.length;
    entry.events = entry.stored = stored.length;
    return { status: 200, text: 'success' };
  }

  admin(method: string, route: string, body: Buffer): Answer {
    switch (`${method} ${route}`) {
      case 'GET events':
        return { status: 200, json: { events: this.events() } };
      case 'GET identifies':
        return { status: 200, json: { identifies: this.identifies() } };
      case 'GET groupidentifies':
        return { status: 200, json: { groupIdentifies: this.groupIdentifies() } };
      case 'GET requests':
        return { status: 200, json: { requests: this.shell.requests() } };
      case 'GET stats':
        return { status: 200, json: this.stats() };
      case 'GET faults':
        return { status: 200, json: this.pending() };
      case 'POST reset':
        this.reset();
        return { status: 200, json: { ok: true } };
      case 'POST faults':
        try {
          const { base, extras } = parseAmplitudeFaults(body.length ? JSON.parse(body.toString('utf8')) : {});
          this.faults.apply(base);
          if (extras.throttle) this.throttles.throttle(extras.throttle, extras.throttle.forMs);
          if (extras.dailyQuota !== undefined) this.throttles.dailyQuota(extras.dailyQuota);
        } catch (e) {
          return { status: 400, json: { error: `invalid fault settings: ${e instanceof Error ? e.message : String(e)}` } };
        }
        return { status: 200, json: this.pending() };
      default:
        return { status: 404, json: { error: `unknown admin route ${method} ${route}` } };
    }
  }
}

type ShellOf = ServerShell<RequestLogEntry>;
