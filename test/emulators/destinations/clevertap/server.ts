import type { IncomingMessage } from 'node:http';
import { ServerShell, type Admission, type Answer, type FakeEndpoint } from '../amplitude/server-shell';
import { Faults, faultSettingsSchema } from '../http/faults';
import type { RawBody } from '../http/http-io';
import { judgeRecords, type RecordRules } from './check-records';
import { INVALID_ACCOUNT, TOO_MANY_CONCURRENT, contentTypeProblem, credentialProblem, fail, parseUploadBody, regionOf, type AccountEntry } from './check-request';
import { RecordStore } from './record-store';
import type { CleverTapStats, InvalidWhen, Region, RequestLogEntry, ResponseStyle } from './types';

export interface CleverTapFakeConfig {
  region: Region;
  accounts: Map<string, AccountEntry>;
  maxConcurrent: number;
  maxRecords: number;
  maxBodyBytes: number;
  rules: RecordRules;
  responseStyle: ResponseStyle;
  processingMs: number;
  log: boolean;
  now: () => number;
}

export const UPLOAD_PATH = '/1/upload';

const header = (req: IncomingMessage, name: string): string => {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

export class CleverTapServer implements FakeEndpoint<RequestLogEntry> {
  readonly name = 'clevertap-fake';
  readonly log: boolean;
  readonly faults = new Faults(null); // CleverTap documents no Retry-After
  readonly shell: ServerShell<RequestLogEntry>;
  readonly store = new RecordStore();
  invalidWhen: InvalidWhen | null = null;
  processing: number;
  private readonly inFlight = new Map<string, number>();
  private maxInFlight = 0;
  private accepted = 0;
  private unprocessed = 0;
  private dryRunProcessed = 0;
  private concurrencyRejections = 0;
  private ruled = 0;

  constructor(private readonly config: CleverTapFakeConfig) {
    this.log = config.log;
    this.processing = config.processingMs;
    this.shell = new ServerShell(this);
  }

  now(): number {
    return this.config.now();
  }

  processingMs(): number {
    return this.processing;
  }

  stats(): CleverTapStats {
    const s = this.shell.stats();
    return {
      requests: s.requests,
      accepted: this.accepted,
      unprocessed: this.unprocessed,
      dryRunProcessed: this.dryRunProcessed,
      concurrencyRejections: this.concurrencyRejections,
      maxInFlight: this.maxInFlight,
      statusCounts: s.statusCounts,
      faultsInjected: s.faultsInjected + this.ruled,
    };
  }

  /** Requests of each account in flight right now. */
  inFlightNow(): Record<string, number> {
    return Object.fromEntries([...this.inFlight].filter(([, n]) => n > 0));
  }

  pending() {
    return { ...this.faults.snapshot(), invalidWhen: this.invalidWhen !== null, processingMs: this.processing };
  }

  clearFaults(): void {
    this.faults.reset();
    this.invalidWhen = null;
    this.processing = this.config.processingMs;
  }

  /** Forgets records, custom profile keys, the request log, counters and faults (not what is in flight). */
  reset(): void {
    this.store.clear();
    this.accepted = this.unprocessed = this.dryRunProcessed = this.concurrencyRejections = this.ruled = 0;
    this.maxInFlight = 0;
    this.clearFaults();
    this.shell.reset();
  }

  admit(req: IncomingMessage): Admission {
    // Counted by the account the request names, before its credentials are checked: the gate is
    // in front of the API, and a request with a wrong passcode still takes a slot while in flight.
    const account = header(req, 'x-clevertap-account-id');
    const n = (this.inFlight.get(account) ?? 0) + 1;
    this.inFlight.set(account, n);
    this.maxInFlight = Math.max(this.maxInFlight, n);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.inFlight.set(account, (this.inFlight.get(account) ?? 1) - 1);
    };
    return { refusal: n > this.config.maxConcurrent ? fail(429, TOO_MANY_CONCURRENT) : null, release };
  }

  turnedAway(entry: RequestLogEntry): void {
    this.concurrencyRejections++;
    entry.error = `more than ${this.config.maxConcurrent} requests of this account in flight`;
  }

  entry(req: IncomingMessage, path: string, receivedAt: number): RequestLogEntry {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    return {
      path,
      dryRun: url.searchParams.get('dryRun') === '1',
      account: header(req, 'x-clevertap-account-id'),
      region: regionOf(req.headers.host, this.config.region),
      status: null,
      records: 0,
      processed: 0,
      stored: 0,
      error: null,
      receivedAt,
      ackDropped: false,
    };
  }

  refuse(method: string, path: string): Answer | null {
    if (path !== UPLOAD_PATH) return fail(404, `Not found: ${path} (the Upload API is POST ${UPLOAD_PATH})`);
    if (method !== 'POST') return fail(405, `${method} is not allowed on ${UPLOAD_PATH}`, { Allow: 'POST' });
    return null;
  }

  rawCap(): number {
    return this.config.maxBodyBytes;
  }

  faultAnswer(status: number): Answer {
    return fail(status, status === 429 ? `${TOO_MANY_CONCURRENT} (injected fault)` : `Server error ${status} (injected fault)`);
  }

  async handle(req: IncomingMessage, raw: RawBody, _url: URL, entry: RequestLogEntry): Promise<Answer> {
    const refused = (status: number, error: string, detail = error): Answer => {
      entry.error = detail;
      return fail(status, error);
    };
    const credentials = credentialProblem(req.headers, this.config.accounts, entry.region);
    if (credentials) return refused(401, INVALID_ACCOUNT, credentials);
    const type = contentTypeProblem(req.headers['content-type']);
    if (type) return refused(400, type);
    const encoding = header(req, 'content-encoding').trim().toLowerCase();
    // CleverTap documents no compressed uploads; a client should not count on one.
    if (encoding !== '' && encoding !== 'identity') return refused(400, `Content-Encoding ${JSON.stringify(encoding)} is not supported: send the JSON as it is`);
    if (raw.truncated) return refused(413, 'Payload too large', `body is ${raw.size} bytes, the fake takes at most ${this.config.maxBodyBytes}`);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw.buf);
    } catch {
      return refused(400, 'The body is not valid UTF-8');
    }
    const parsed = parseUploadBody(text, this.config.maxRecords);
    if (!parsed.ok) {
      entry.records = parsed.count;
      return refused(400, parsed.error);
    }
    entry.records = parsed.records.length;

    const account = entry.account;
    // Judged on a copy of the account's custom keys: a dry run must not change them, and store.add does.
    const keys = new Set(this.store.keysOf(account));
    const judged = judgeRecords(parsed.records, this.config.rules, keys, this.invalidWhen, this.config.responseStyle);
    if (judged.ruled) this.ruled++;
    entry.processed = judged.answer.processed;
    this.unprocessed += judged.answer.unprocessed.length;
    if (entry.dryRun) {
      this.dryRunProcessed += judged.passed.length;
    } else {
      this.store.add(judged.passed, account, this.now());
      this.accepted += judged.passed.length;
      entry.stored = judged.passed.length;
    }
    return { status: 200, json: judged.answer };
  }

  admin(method: string, route: string, body: Buffer, search: URLSearchParams): Answer {
    switch (`${method} ${route}`) {
      case 'GET records':
        return { status: 200, json: { records: this.store.all() } };
      case 'GET events':
        return { status: 200, json: { events: this.store.events() } };
      case 'GET profiles':
        return { status: 200, json: { profiles: this.store.profiles() } };
      case 'GET duplicates': {
        const field = search.get('field');
        if (!field) return { status: 400, json: { error: 'give the field to compare: /__fake/duplicates?field=evtData.floe_id' } };
        return { status: 200, json: { field, duplicates: this.store.duplicates(field) } };
      }
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
          const settings = body.length ? (JSON.parse(body.toString('utf8')) as unknown) : {};
          if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) throw new Error('fault settings must be a JSON object');
          const { processingMs, ...rest } = settings as Record<string, unknown>;
          if (processingMs !== undefined && !(Number.isInteger(processingMs) && (processingMs as number) >= 0)) throw new Error('processingMs must be a non-negative integer');
          this.faults.apply(faultSettingsSchema.parse(rest));
          if (processingMs !== undefined) this.processing = processingMs as number;
        } catch (e) {
          return { status: 400, json: { error: `invalid fault settings: ${e instanceof Error ? e.message : String(e)}` } };
        }
        return { status: 200, json: this.pending() };
      default:
        return { status: 404, json: { error: `unknown admin route ${method} ${route}` } };
    }
  }
}
