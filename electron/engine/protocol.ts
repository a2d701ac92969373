import type { EventPayload } from '../../shared/ipc/events';
import type { Connection, DryRunResult, QueryPreview, RunCounters, RunStatus } from '../../shared/schemas';
import type { Credentials } from '../snowflake/driver-options';
import type { RunJob } from './job';

/** A run's progress, exactly as the renderer receives it (shared/ipc/events.ts). */
export type Progress = EventPayload<'runs.progress'>;
export type Phase = Progress['phase'];

export interface RunError {
  code: string;
  message: string;
  remedy: string;
}

/** How a run ended, as its worker reports it (the run record holds the same, committed). */
export interface RunOutcome {
  status: RunStatus;
  counters: RunCounters;
  error: RunError | null;
  queryId: string | null;
  location: string | null;
}

/** Core to an engine worker: one job per worker (and cancel, for a run). */
export type WorkerRequest =
  | { type: 'run'; job: RunJob }
  | { type: 'dry-run'; job: RunJob; sampleSize: number }
  | { type: 'preview'; connection: Connection; credentials: Credentials; query: string; lastSyncTime: string }
  | { type: 'cancel' };

/** An engine worker to core. */
export type WorkerReply =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; outcome: RunOutcome }
  | { type: 'dry-run'; result: DryRunResult }
  | { type: 'preview'; result: QueryPreview }
  | { type: 'crashed'; message: string };
