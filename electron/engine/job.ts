import type { Connection, Destination, RunCounters, RunTrigger, SecretField, Sync } from '../../shared/schemas';
import type { Credentials } from '../snowflake/driver-options';

/** Everything a run needs, handed to its worker in the start message (secrets included). */
export interface RunJob {
  runId: string;
  sync: Sync;
  connection: Connection;
  credentials: Credentials;
  destination: Destination;
  destinationSecrets: Partial<Record<SecretField, string>>;
  trigger: RunTrigger;
  /** Re-offer only the open rejected rows of this run. */
  retryOf: string | null;
  databaseFile: string;
  nativeBinding?: string;
  /** The destination's shared request-rate limiter. */
  rateLimit: SharedArrayBuffer;
  startedAt: string;
}

export const emptyCounters = (): RunCounters => ({ read: 0, sent: 0, rejected: 0, unchanged: 0, skipped: 0, deleted: 0, maybeDuplicated: 0, bytesSent: 0 });
