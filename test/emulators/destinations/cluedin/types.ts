// Shapes shared by the CluedIn fake's pure parts, its server and its public handle.

export type JsonObject = Record<string, unknown>;

/**
 * One record as the fake stored it: what was sent (property names cleaned), plus the ingestion
 * endpoint, the receipt of the request that brought it and when. A tombstone has `deleted: true`
 * and no properties.
 */
export interface StoredRecord {
  endpointId: string;
  externalId: string;
  type: string;
  timestamp: string;
  deleted: boolean;
  properties?: JsonObject;
  receiptId: string;
  receivedAt: number;
}

/** The latest state of one entity (endpoint, type, externalId): its newest record by timestamp. */
export interface EntityState {
  endpointId: string;
  type: string;
  externalId: string;
  timestamp: string;
  deleted: boolean;
  /** The newest record's properties; absent when that record is a tombstone. */
  properties?: JsonObject;
  /** Records stored for it (duplicates are not stored). */
  versions: number;
}

export interface RequestLogEntry {
  path: string;
  /** The endpoint id from the path (lower case), or null when the path has none. */
  endpointId: string | null;
  /**
   * The answer's status (for ackDropped, the one that was swallowed); null when none was made
   * (dropped connection, client gone during a delay).
   */
  status: number | null;
  format: 'json' | 'ndjson' | null;
  gzip: boolean;
  /** Records in the body as the fake read them; 0 if it never got that far. */
  records: number;
  /** Of those, how many were stored and how many were duplicates of stored ones. */
  stored: number;
  duplicates: number;
  /** The warnings of a 200 (names cleaned) and the errors of a refusal, as answered. */
  warnings: string[];
  errors: string[];
  /** The receipt id answered (200 and 400), else null. */
  receiptId: string | null;
  /** Request body bytes on the wire, before gunzip. */
  wireBytes: number;
  receivedAt: number;
  /** True when accept-then-drop processed the request and swallowed the answer. */
  ackDropped: boolean;
}

export interface CluedInStats {
  /** Requests to API paths, faulted ones included (admin requests are not counted). */
  requests: number;
  /** Records stored, tombstones included. */
  accepted: number;
  tombstones: number;
  /** Records identical in endpoint, type, externalId, timestamp and deletion to a stored one: answered 200, not stored again. */
  duplicates: number;
  /** Property names the fake cleaned (each one a warning). */
  warnings: number;
  /** Answers by HTTP status; dropped connections have none. */
  statusCounts: Record<string, number>;
  /** Requests a fault switch acted on (invalidWhen included). */
  faultsInjected: number;
}

/** Returns a reason to refuse this (otherwise valid) record, which fails the request with a 400, or null. */
export type InvalidWhen = (record: JsonObject, index: number) => string | null;
