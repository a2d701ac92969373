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

export const count = new Intl.NumberFormat();

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function duration(from: string | null, to: string | null): string {
  if (!from) return '—';
  const ms = (to ? new Date(to).getTime() : Date.now()) - new Date(from).getTime();
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
