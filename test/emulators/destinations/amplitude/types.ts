// Shapes shared by the Amplitude fake's pure parts, its server and its public handle.

export type JsonObject = Record<string, unknown>;

export type EventsPath = '/batch' | '/2/httpapi';
export type IdentifyPath = '/identify' | '/groupidentify';

/**
 * An event as the client sent it, plus when and through which API the fake accepted it. The
 * fields named here are typed as the contract let them through (null stands for absent).
 */
export type StoredEvent = JsonObject & {
  event_type: string;
  user_id?: string | null;
  device_id?: string | null;
  time?: number | null;
  insert_id?: string | null;
  event_properties?: JsonObject | null;
  user_properties?: JsonObject | null;
  groups?: JsonObject | null;
  group_properties?: JsonObject | null;
  receivedAt: number;
  endpoint: EventsPath;
};

/** One identification object as sent (inside `identification`), plus when it was accepted. */
export type StoredIdentify = JsonObject & {
  user_id?: string | null;
  device_id?: string | null;
  user_properties?: JsonObject | null;
  group_type?: string;
  group_value?: string;
  group_properties?: JsonObject | null;
  receivedAt: number;
};

export interface RequestLogEntry {
  path: string;
  /**
   * The answer's status (for ackDropped, the one that was swallowed); null when none was made
   * (dropped connection, client gone during a delay).
   */
  status: number | null;
  /** Events (or identifications) in the request as the fake read them; 0 if it never parsed the body. */
  events: number;
  /** Of those, how many were stored (duplicates and refused requests store none). */
  stored: number;
  receivedAt: number;
  /** True when accept-then-drop processed the request and swallowed the answer. */
  ackDropped: boolean;
}

export interface AmplitudeStats {
  /** Requests to API paths, faulted ones included (admin requests are not counted). */
  requests: number;
  /** Events, identifies and group identifies stored. */
  accepted: number;
  /** Events with an insert_id seen in the last 7 days: answered 200, not stored again. */
  duplicates: number;
  /** Answers by HTTP status; dropped connections have none. */
  statusCounts: Record<string, number>;
  /** Requests a fault switch acted on (the HTTP fake's switches; throttles are counted as 429s). */
  faultsInjected: number;
}

/** Events per second allowed per user_id and per device_id, averaged over `windowSeconds`. */
export interface EpsLimits {
  batch: number;
  httpapi: number;
  windowSeconds: number;
}

/** Returns the name of a field to report as invalid for this event, or null. */
export type InvalidWhen = (event: JsonObject, index: number) => string | null;

export interface IdSets {
  users?: string[];
  devices?: string[];
}
