import type { RunStatus, RunTrigger } from '../../../../shared/schemas';

export const STATUS_LABEL: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  partially_succeeded: 'Partly succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
};

export const TRIGGER_LABEL: Record<RunTrigger, string> = {
  manual: 'Run by hand',
  schedule: 'Schedule',
  retry: 'Retry of rejected rows',
  cli: 'Command line',
};

export const PHASE_LABEL = {
  waiting: 'Waiting for the network',
  connecting: 'Connecting to Snowflake',
  extracting: 'Reading rows',
  delivering: 'Delivering',
  committing: 'Recording what was acknowledged',
  done: 'Finishing',
} as const;

export type RunPhase = keyof typeof PHASE_LABEL;

/** A run in flight by its phase, in a badge's few words: queued → connecting → querying → delivering → committing. */
export const PHASE_BADGE: Record<RunPhase, string> = {
  waiting: 'Waiting for network',
  connecting: 'Connecting',
  extracting: 'Querying',
  delivering: 'Delivering',
  committing: 'Committing',
  done: 'Finishing',
};

/**
 * A run's status in words. While it is open, its latest phase (from its progress events) says
 * more than the record, which reads "queued" or "running" from start to end.
 */
export function runStatusLabel(status: RunStatus, phase: RunPhase | null): string {
  return phase && (status === 'queued' || status === 'running') ? PHASE_BADGE[phase] : STATUS_LABEL[status];
}

export const count = new Intl.NumberFormat();

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** How long from `from` to `to` (or to `now` while it runs), in ms; null before it started. */
export function durationMs(from: string | null, to: string | null, now: number = Date.now()): number | null {
  if (!from) return null;
  const end = to ? new Date(to).getTime() : now;
  return Math.max(0, end - new Date(from).getTime());
}

/** 850 ms, 4.2 s, 3 min 5 s, 2 h 7 min: rounded once, so a minute never shows as "1 min 60 s". */
export function formatDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function duration(from: string | null, to: string | null, now: number = Date.now()): string {
  const ms = durationMs(from, to, now);
  return ms === null ? '—' : formatDuration(ms);
}

/** What a run in flight is doing, in words; a wait says what it waits for. */
export function phaseText(progress: { phase: keyof typeof PHASE_LABEL; message?: string }): string {
  return progress.phase === 'waiting' && progress.message ? progress.message : PHASE_LABEL[progress.phase];
}
