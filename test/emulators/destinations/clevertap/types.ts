// Shapes shared by the CleverTap fake's pure parts, its server and its public handle.

export type JsonObject = Record<string, unknown>;

/** The regions of destinations.md §3.1 (npm `clevertap` lib/regions.js). */
export const REGIONS = ['eu1', 'in1', 'sg1', 'us1', 'aps3', 'mec1'] as const;
export type Region = (typeof REGIONS)[number];

export interface CleverTapAccount {
  id: string;
  passcode: string;
  /** The region the account lives in; default: the fake's own region. */
  region?: Region;
}

/**
 * How a 200 reports per-record failures (destinations.md §3.4, CONFLICT):
 * - `current` (default): `status` is `success` when every record was processed, `partial` when
 *   some were, `fail` when none were; `record` is the record as sent, an object (CleverTap's
 *   answers from 2018 on, and the status values its clients document).
 * - `legacy`: `status` is always `success`, even when nothing was processed, and `record` is the
 *   record as a JSON string (the answers recorded in 2017).
 */
export type ResponseStyle = 'current' | 'legacy';

/** One entry of `unprocessed`. */
export interface UnprocessedRecord {
  status: 'fail';
  code: number;
  error: string;
  record: unknown;
}

export interface UploadAnswer {
  status: 'success' | 'partial' | 'fail';
  processed: number;
  unprocessed: UnprocessedRecord[];
}

/** A record the fake accepted: as sent, plus when, for which account and through which request. */
export type StoredRecord = JsonObject & {
  type: 'event' | 'profile';
  identity?: string | number;
  objectId?: string;
  FBID?: string;
  GPID?: string;
  ts?: number;
  evtName?: string;
  evtData?: JsonObject;
  profileData?: JsonObject;
  receivedAt: number;
  account: string;
};

export interface RequestLogEntry {
  path: string;
  /** `?dryRun=1`: checked, answered, nothing stored. */
  dryRun: boolean;
  /** The X-CleverTap-Account-Id header as sent ('' when missing). */
  account: string;
  /** The region the request was addressed to (from its Host, else the fake's own). */
  region: string;
  /**
   * The answer's status (for ackDropped, the one that was swallowed); null when none was made
   * (dropped connection, client gone during a delay).
   */
  status: number | null;
  /** Records in `d` as the fake read them; 0 if it never got that far. */
  records: number;
  /** Of those, how many passed (`processed`), and how many were stored (0 on a dry run). */
  processed: number;
  stored: number;
  /**
   * Why a request was refused, in more words than the answer has: every bad credential is
   * answered with the same documented 401 body, this says which one it was.
   */
  error: string | null;
  receivedAt: number;
  /** True when accept-then-drop processed the request and swallowed the answer. */
  ackDropped: boolean;
}

export interface CleverTapStats {
  /** Requests to API paths, faulted ones included (admin requests are not counted). */
  requests: number;
  /** Records stored (dry runs store none). Duplicates are stored too: CleverTap has no idempotency key. */
  accepted: number;
  /** Records answered in `unprocessed`. */
  unprocessed: number;
  /** Records that passed on a dry run (answered as processed, not stored). */
  dryRunProcessed: number;
  /** 429s for more concurrent requests than the account may have in flight. */
  concurrencyRejections: number;
  /** The most requests of one account that were in flight at once. */
  maxInFlight: number;
  /** Answers by HTTP status; dropped connections have none. */
  statusCounts: Record<string, number>;
  /** Requests a fault switch acted on (invalidWhen included). */
  faultsInjected: number;
}

/** A value seen more than once at a field of stored records, and how many records carry it. */
export interface Duplicate {
  value: unknown;
  count: number;
}

/** A per-record refusal: the CleverTap code and the reason (the fake appends the record number). */
export interface RecordProblem {
  code: number;
  error: string;
}

/** Returns a problem to put this (otherwise valid) record in `unprocessed`, or null. */
export type InvalidWhen = (record: JsonObject, index: number) => RecordProblem | null;
