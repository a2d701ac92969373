import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ServerShell, type Answer, type FakeEndpoint } from '../amplitude/server-shell';
import { decodeBody } from '../http/decode-body';
import { Faults, faultSettingsSchema } from '../http/faults';
import type { RawBody } from '../http/http-io';
import { formatOf } from '../http/parse-batch';
import { checkRecords, parseBody, type CheckedRecord } from './check-records';
import { RecordStore } from './record-store';
import type { CluedInStats, InvalidWhen, RequestLogEntry } from './types';

export interface CluedInFakeConfig {
  /** Ingestion endpoint ids, lower case. */
  endpoints: Set<string>;
  tokens: Set<string>;
  maxRecords: number;
  maxProperties: number;
  /** Request body bytes as sent (gzip helps, as the seed's troubleshooting says). */
  maxBodyBytes: number;
  /** Bytes after gunzip. */
  maxDecodedBytes: number;
  retryAfterSeconds: number | null;
  log: boolean;
  now: () => number;
}

export const ENDPOINT_PREFIX = '/upload/api/endpoint/';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The endpoint id of a path (`/upload/api/endpoint/<id>`), lower case, or null. */
export function endpointIdOf(path: string): string | null {
  if (!path.startsWith(ENDPOINT_PREFIX)) return null;
  const id = path.slice(ENDPOINT_PREFIX.length);
  return GUID.test(id) ? id.toLowerCase() : null;
}

/** The body of every answer but a 200: CluedIn's three flags and the errors (a 400 adds its receipt). */
export const failure = (status: number, errors: string[], extra: Record<string, unknown> = {}, headers?: Record<string, string>): Answer => ({
  status,
  json: { success: false, warning: false, error: true, errors, ...extra },
  ...(headers ? { headers } : {}),
});

/** The API token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

export class CluedInServer implements FakeEndpoint<RequestLogEntry> {
  readonly name = 'cluedin-fake';
  readonly log: boolean;
  readonly faults: Faults;
  readonly shell: ServerShell<RequestLogEntry>;
  readonly store = new RecordStore();
  invalidWhen: InvalidWhen | null = null;
  private accepted = 0;
  private tombstones = 0;
  private duplicates = 0;
  private warnings = 0;
  private ruled = 0;

  constructor(private readonly config: CluedInFakeConfig) {
    this.log = config.log;
    this.faults = new Faults(config.retryAfterSeconds);
    this.shell = new ServerShell(this);
  }

  now(): number {
    return this.config.now();
  }

  stats(): CluedInStats {
    const s = this.shell.stats();
    return {
      requests: s.requests,
      accepted: this.accepted,
      tombstones: this.tombstones,
      duplicates: this.duplicates,
      warnings: this.warnings,
      statusCounts: s.statusCounts,
      faultsInjected: s.faultsInjected + this.ruled,
    };
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
    this.accepted = this.tombstones = this.duplicates = this.warnings = this.ruled = 0;
    this.clearFaults();
    this.shell.reset();
  }

  entry(req: IncomingMessage, path: string, receivedAt: number): RequestLogEntry {
    const wire = Number(req.headers['content-length'] ?? 0);
    return {
      path,
      endpointId: endpointIdOf(path),
      status: null,
      format: null,
      gzip: false,
      records: 0,
      stored: 0,
      duplicates: 0,
      warnings: [],
      errors: [],
      receiptId: null,
      wireBytes: Number.isFinite(wire) ? wire : 0,
      receivedAt,
      ackDropped: false,
    };
  }

  refuse(method: string, path: string): Answer | null {
    if (endpointIdOf(path) === null) return failure(404, [`no ingestion endpoint at ${path}: POST to ${ENDPOINT_PREFIX}<endpoint id>`]);
    if (method !== 'POST') return failure(405, [`${method} is not allowed: POST the records`], {}, { Allow: 'POST' });
    return null;
  }

  rawCap(): number {
    return this.config.maxBodyBytes;
  }

  faultAnswer(status: number): Answer {
    return failure(status, [status === 429 ? 'Too many requests (injected fault)' : `Server error ${status} (injected fault)`]);
  }

  async handle(req: IncomingMessage, raw: RawBody, url: URL, entry: RequestLogEntry): Promise<Answer> {
    const refuse = (status: number, errors: string[], extra: Record<string, unknown> = {}): Answer => {
      entry.errors = errors;
      return failure(status, errors, extra);
    };
    entry.wireBytes = raw.size;
    // Seed 004, troubleshooting: "403 Forbidden — Token missing/invalid".
    const token = bearerToken(req.headers.authorization);
    if (token === null) return refuse(403, ['Forbidden: send the API token as Authorization: Bearer <token>']);
    if (!this.config.tokens.has(token)) return refuse(403, ['Forbidden: the API token is not valid']);
    const endpointId = endpointIdOf(url.pathname)!;
    if (!this.config.endpoints.has(endpointId)) return refuse(404, [`no ingestion endpoint ${endpointId}`]);

    const format = formatOf(req.headers['content-type']);
    if (!format) return refuse(415, [`Content-Type must be application/json or application/x-ndjson (UTF-8), got ${JSON.stringify(req.headers['content-type'] ?? '')}`]);
    entry.format = format;
    if (raw.truncated) return refuse(413, [`the request body is ${raw.size} bytes; at most ${this.config.maxBodyBytes} are accepted (send fewer records, or gzip them)`]);
    const decoded = await decodeBody(raw.buf, req.headers['content-encoding'], this.config.maxDecodedBytes);
    if (!decoded.ok) {
      if (decoded.status === 413) return refuse(413, [`the body is over ${this.config.maxDecodedBytes} bytes once gunzipped`]);
      return refuse(decoded.status, [decoded.body.error]);
    }
    entry.gzip = decoded.gzip;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(decoded.body);
    } catch {
      return this.badRequest(entry, ['the body is not valid UTF-8']);
    }

    const parsed = parseBody(text, format, this.config.maxRecords);
    if (!parsed.ok) {
      entry.records = parsed.count;
      return parsed.status === 413 ? refuse(413, [parsed.error]) : this.badRequest(entry, [parsed.error]);
    }
    entry.records = parsed.values.length;
    const checked = checkRecords(parsed.values, this.config.maxProperties);
    const ruled = this.applyRule(checked.errors.length ? [] : checked.records);
    const errors = [...checked.errors, ...ruled];
    if (errors.length) return this.badRequest(entry, errors);

    const receiptId = randomUUID();
    const { stored, tombstones, duplicates } = this.store.add(checked.records, endpointId, receiptId, this.now());
    this.accepted += stored;
    this.tombstones += tombstones;
    this.duplicates += duplicates;
    this.warnings += checked.warnings.length;
    Object.assign(entry, { stored, duplicates, warnings: checked.warnings, receiptId });
    const warned = checked.warnings.length > 0;
    return { status: 200, json: { success: true, warning: warned, error: false, ...(warned ? { warnings: checked.warnings } : {}), receiptId } };
  }

  /** §4: a body CluedIn cannot take → 400 with an array of errors; it still gets a receipt. */
  private badRequest(entry: RequestLogEntry, errors: string[]): Answer {
    const receiptId = randomUUID();
    entry.errors = errors;
    entry.receiptId = receiptId;
    return failure(400, errors, { receiptId });
  }

  /** The rule sees only records the contract accepts (and none when some were refused). */
  private applyRule(records: CheckedRecord[]): string[] {
    const rule = this.invalidWhen;
    if (!rule) return [];
    const lines = records.flatMap(({ index, ...record }) => {
      const reason = rule({ ...record }, index);
      return reason ? [`record ${index}: ${reason}`] : [];
    });
    if (lines.length) this.ruled++;
    return lines;
  }

  admin(method: string, route: string, body: Buffer): Answer {
    switch (`${method} ${route}`) {
      case 'GET records':
        return { status: 200, json: { records: this.store.all() } };
      case 'GET tombstones':
        return { status: 200, json: { tombstones: this.store.tombstones() } };
      case 'GET entities':
        return { status: 200, json: { entities: this.store.entities() } };
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
