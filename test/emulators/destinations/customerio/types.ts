// Shapes shared by the Customer.io fake's pure parts, its server and its public handle.

export type JsonObject = Record<string, unknown>;

export type CallType = 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';
export type CustomerIoEndpoint = `/v1/${CallType | 'batch'}`;

/**
 * A call as the client sent it (for a single-call endpoint with `type` filled in from the
 * endpoint), plus when and where the fake accepted it and whether the request was strict.
 */
export type StoredCall = JsonObject & {
  type: CallType;
  userId?: string;
  anonymousId?: string;
  messageId?: string;
  timestamp?: string;
  event?: string;
  name?: string;
  groupId?: string;
  previousId?: string;
  traits?: JsonObject;
  properties?: JsonObject;
  context?: JsonObject;
  integrations?: Record<string, boolean>;
  receivedAt: number;
  endpoint: CustomerIoEndpoint;
  strict: boolean;
};

export interface RequestLogEntry {
  path: string;
  /**
   * The answer's status (for ackDropped, the one that was swallowed); null when none was made
   * (dropped connection, client gone during a delay).
   */
  status: number | null;
  /** Calls in the request as the fake read them; 0 if it never parsed the body. */
  calls: number;
  /** Of those, how many were stored (duplicates, dropped and refused ones are not). */
  stored: number;
  /** `X-Strict-Mode: 1` was sent. */
  strict: boolean;
  /**
   * What was wrong, in the words a strict-mode 400/401 uses. In permissive mode the answer is
   * still 200 `{}`, so this is the only place a test sees why calls were dropped.
   */
  errors: string[];
  receivedAt: number;
  /** True when accept-then-drop processed the request and swallowed the answer. */
  ackDropped: boolean;
}

export interface CustomerIoStats {
  /** Requests to API paths, faulted ones included (admin requests are not counted). */
  requests: number;
  /** Calls stored. */
  accepted: number;
  /** Calls whose messageId was seen before: answered as accepted, not stored again. */
  duplicates: number;
  /** Calls a permissive-mode request lost to validation (answered 200 `{}`, not stored). */
  dropped: number;
  /** Answers by HTTP status; dropped connections have none. */
  statusCounts: Record<string, number>;
  /** Requests a fault switch acted on (invalidWhen included). */
  faultsInjected: number;
}

/** Returns a reason to refuse this call (`index`: its place in the batch, 0 for a single call), or null. */
export type InvalidWhen = (call: JsonObject, index: number) => string | null;
