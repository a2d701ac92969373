// Shapes shared by the fake's pure parts, its server and its public handle.

export type JsonRecord = Record<string, unknown>;

/** Returns a reason to reject one record (the rest of the batch is still accepted), or null. */
export type RejectWhen = (record: JsonRecord, index: number) => string | null;

export type HttpFakeAuth = { bearer: string } | { basic: { username: string; password: string } };

export type RecordStatus = 'accepted' | 'duplicate' | 'rejected';

export interface RecordResult {
  index: number;
  id: string;
  status: RecordStatus;
  error?: string;
}

/** Body of every 200 answer to an ingest request. */
export interface IngestResponse {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: RecordResult[];
}

/** Body of every non-200 answer the fake produces itself. */
export interface ErrorBody {
  error: string;
  /** Which limit a 413 is about. */
  limit?: 'maxRecordsPerBatch' | 'maxBodyBytes';
  max?: number;
  actual?: number;
  /** Record index (0-based) a 400 is about. */
  index?: number;
  /** NDJSON line (1-based) a 400 is about. */
  line?: number;
}

/** One processed batch (it got past validation), for assertions about how Floe sent it. */
export interface BatchLogEntry {
  format: 'json' | 'ndjson';
  gzip: boolean;
  idempotencyKey: string | null;
  records: number;
  wireBytes: number;
  bodyBytes: number;
  /** True when the accept-then-drop fault swallowed the answer. */
  ackDropped: boolean;
}

export interface HttpFakeStats {
  /** Requests to the ingest path, faulted ones included (admin requests are not counted). */
  requests: number;
  /** Batches that passed validation and reached the store. */
  batches: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Request body bytes on the wire (before gunzip), all ingest requests. */
  bytes: number;
  /** Answers by HTTP status; dropped connections have no status and are not counted here. */
  statusCounts: Record<string, number>;
  /** Requests a fault switch acted on (each request counts once, a delay included). */
  faultsInjected: number;
}
