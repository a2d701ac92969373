import type { IncomingMessage } from 'node:http';
import { ServerShell, type Answer, type FakeEndpoint } from '../amplitude/server-shell';
import { decodeBody } from '../http/decode-body';
import { Faults, faultSettingsSchema } from '../http/faults';
import type { RawBody } from '../http/http-io';
import { CallStore } from './call-store';
import { CALL_TYPES, MAX_BATCH_BYTES, MAX_CALL_BYTES, batchEnvelopeProblems, batchItemProblems, isObject, singleCallProblems } from './check-calls';
import type { CallType, CustomerIoEndpoint, CustomerIoStats, InvalidWhen, JsonObject, RequestLogEntry } from './types';

export interface CustomerIoFakeConfig {
  apiKeys: string[];
  log: boolean;
}

const PATHS = new Set<string>([...CALL_TYPES, 'batch'].map((t) => `/v1/${t}`));

const OK: Answer = { status: 200, json: {} };
const meta = (status: number, errors: string[]): Answer => ({ status, json: { meta: { errors } } });

/** The key in `Authorization: Basic base64(key:)`, or null when the header is anything else. */
export function basicKey(header: string | undefined): string | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // The password must be empty (destinations.md §2.2); a missing colon is not Basic auth.
  if (colon <= 0 || colon !== decoded.length - 1) return null;
  return decoded.slice(0, colon);
}

/** A request the fake refuses as a whole: 400/401 in strict mode, 200 `{}` and dropped otherwise. */
class Refusal {
  constructor(
    readonly status: 400 | 401,
    readonly errors: string[],
  ) {}
}

interface Checked {
  /** Calls that passed, with their type. */
  valid: { call: JsonObject; type: CallType; index: number }[];
  /** Lines for the calls that did not. */
  errors: string[];
  count: number;
}

export class CustomerIoServer implements FakeEndpoint<RequestLogEntry> {
  readonly name = 'customerio-fake';
  readonly log: boolean;
  readonly faults = new Faults(null); // no Retry-After is documented
  readonly shell: ServerShell<RequestLogEntry>;
  invalidWhen: InvalidWhen | null = null;
  private readonly keys: Set<string>;
  private readonly store = new CallStore();
  private accepted = 0;
  private duplicates = 0;
  private dropped = 0;
  private ruled = 0;

  constructor(config: CustomerIoFakeConfig) {
    this.log = config.log;
    this.keys = new Set(config.apiKeys);
    this.shell = new ServerShell(this);
  }

  now(): number {
    return Date.now();
  }

  calls() {
    return this.store.all();
  }

  stats(): CustomerIoStats {
    const s = this.shell.stats();
    return { requests: s.requests, accepted: this.accepted, duplicates: this.duplicates, dropped: this.dropped, statusCounts: s.statusCounts, faultsInjected: s.faultsInjected + this.ruled };
  }

  pending() {
    return { ...this.faults.snapshot(), invalidWhen: this.invalidWhen !== null };
  }

  clearFaults(): void {
    this.faults.reset();
    this.invalidWhen = null;
  }

  reset(): void {
    this.store.clear();
    this.accepted = this.duplicates = this.dropped = this.ruled = 0;
    this.clearFaults();
    this.shell.reset();
  }

  entry(req: IncomingMessage, path: string, receivedAt: number): RequestLogEntry {
    return { path, status: null, calls: 0, stored: 0, strict: isStrict(req), errors: [], receivedAt, ackDropped: false };
  }

  refuse(method: string, path: string): Answer | null {
    if (!PATHS.has(path)) return meta(404, [`no endpoint at ${path}; POST to ${[...PATHS].join(', ')}`]);
    if (method !== 'POST') return { ...meta(405, [`${method} is not allowed; use POST`]), headers: { Allow: 'POST' } };
    return null;
  }

  rawCap(): number {
    // Gzip of incompressible data is slightly larger than the data; leave room for that.
    return MAX_BATCH_BYTES + Math.ceil(MAX_BATCH_BYTES / 100) + 1024;
  }

  faultAnswer(status: number): Answer {
    return meta(status, [status === 429 ? 'rate limited (injected fault)' : `server error ${status} (injected fault)`]);
  }

  async handle(req: IncomingMessage, raw: RawBody, url: URL, entry: RequestLogEntry): Promise<Answer> {
    const endpoint = url.pathname as CustomerIoEndpoint;
    const strict = entry.strict;
    let checked: Checked;
    try {
      checked = await this.check(req, raw, endpoint, strict);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      entry.errors = e.errors;
      // Permissive mode hides every problem behind a 200 (destinations.md §2.5).
      if (!strict) return OK;
      return e.status === 401 ? { ...meta(401, e.errors), headers: { 'WWW-Authenticate': 'Basic realm="Customer.io Data Pipelines"' } } : meta(400, e.errors);
    }
    entry.calls = checked.count;

    const ruled = this.applyRule(checked, endpoint);
    entry.errors = [...checked.errors, ...ruled];
    if (strict && entry.errors.length) return meta(400, entry.errors);
    if (!strict && ruled.length) {
      // A rule's refusal loses the whole request in permissive mode, silently.
      this.dropped += checked.count;
      return OK;
    }
    this.dropped += checked.count - checked.valid.length;
    const { stored, duplicates } = this.store.add(checked.valid, endpoint, strict, this.now());
    this.accepted += stored;
    this.duplicates += duplicates;
    entry.stored = stored;
    return OK;
  }

  private applyRule(checked: Checked, endpoint: CustomerIoEndpoint): string[] {
    const rule = this.invalidWhen;
    if (!rule) return [];
    const lines = checked.valid.flatMap(({ call, index }) => {
      const reason = rule(call, index);
      return reason ? [endpoint === '/v1/batch' ? `batch[${index}]: ${reason}` : reason] : [];
    });
    if (lines.length) this.ruled++;
    return lines;
  }

  /** Throws a Refusal for a problem with the request as a whole. */
  private async check(req: IncomingMessage, raw: RawBody, endpoint: CustomerIoEndpoint, strict: boolean): Promise<Checked> {
    const key = basicKey(req.headers.authorization);
    if (key === null || !this.keys.has(key)) {
      throw new Refusal(401, [key === null ? 'unauthorized: send Basic auth with the API key as user name and an empty password' : 'unauthorized: the API key is not valid']);
    }
    const type = req.headers['content-type'];
    if ((type ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json') {
      throw new Refusal(400, [`Content-Type must be application/json, got "${type ?? ''}"`]);
    }
    const isBatch = endpoint === '/v1/batch';
    const max = isBatch ? MAX_BATCH_BYTES : MAX_CALL_BYTES;
    const what = isBatch ? 'a batch may be at most 512000 bytes (500 KB)' : 'a call may be at most 32768 bytes (32 KB)';
    if (raw.truncated) throw new Refusal(400, [`request body is ${raw.size} bytes; ${what}`]);
    const decoded = await decodeBody(raw.buf, req.headers['content-encoding'], max);
    // decodeBody measures after gunzip and stops there, so a gzip bomb costs nothing.
    if (!decoded.ok) throw new Refusal(400, [decoded.status === 413 ? `request body is over ${max} bytes; ${what}` : decoded.body.error]);
    let body: unknown;
    try {
      body = JSON.parse(decoded.body.toString('utf8'));
    } catch (e) {
      throw new Refusal(400, [`body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`]);
    }
    if (!isObject(body)) throw new Refusal(400, ['body must be a JSON object']);
    return isBatch ? this.checkBatch(body, strict) : this.checkSingle(body, endpoint.slice('/v1/'.length) as CallType);
  }

  private checkSingle(body: JsonObject, type: CallType): Checked {
    if (body.type !== undefined && body.type !== type) throw new Refusal(400, [`type ${JSON.stringify(body.type)} does not match /v1/${type}`]);
    // The endpoint sets `type` (the file's "set automatically by the request method/endpoint").
    const call = { ...body, type };
    const errors = singleCallProblems(call, type);
    return { valid: errors.length ? [] : [{ call, type, index: 0 }], errors, count: 1 };
  }

  private checkBatch(body: JsonObject, strict: boolean): Checked {
    const items = body.batch;
    if (!Array.isArray(items)) throw new Refusal(400, ['batch is required: an array of calls']);
    if (items.length === 0) throw new Refusal(400, ['batch is empty']);
    const envelope = batchEnvelopeProblems(body);
    if (envelope.length) throw new Refusal(400, envelope);
    const valid: Checked['valid'] = [];
    const errors: string[] = [];
    items.forEach((item: unknown, index) => {
      const problems = batchItemProblems(item, index, strict);
      if (problems.length) errors.push(...problems);
      else valid.push({ call: item as JsonObject, type: (item as { type: CallType }).type, index });
    });
    return { valid, errors, count: items.length };
  }

  admin(method: string, route: string, body: Buffer): Answer {
    switch (`${method} ${route}`) {
      case 'GET calls':
        return { status: 200, json: { calls: this.calls() } };
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
          this.faults.apply(faultSettingsSchema.parse(body.length ? JSON.parse(body.toString('utf8')) : {}));
        } catch (e) {
          return { status: 400, json: { error: `invalid fault settings: ${e instanceof Error ? e.message : String(e)}` } };
        }
        return { status: 200, json: this.pending() };
      default:
        return { status: 404, json: { error: `unknown admin route ${method} ${route}` } };
    }
  }
}

function isStrict(req: IncomingMessage): boolean {
  const v = req.headers['x-strict-mode'];
  return (Array.isArray(v) ? v[0] : v)?.trim() === '1';
}
