import type { Run } from '../../../../shared/schemas';
import { TimeAgo } from '../../components/time-ago';
import { count, runStatusLabel } from './run-labels';
import { FINAL_STATUSES, useLiveRun, useRunPhase } from './use-live-run';

/** A run's status as a badge; while the run is open, the phase it is in rather than the record's "Queued". */
export function RunStatusBadge(props: { run: Pick<Run, 'id' | 'status' | 'error'>; testId?: string }) {
  const { run } = props;
  const phase = useRunPhase(run.id, !FINAL_STATUSES.has(run.status));
  // An open run with a phase is running, whatever its record has caught up with.
  const tone = phase ? 'running' : run.status;
  return (
    <span className={`badge badge-run-${tone}`} data-testid={props.testId} title={run.error?.message}>
      {runStatusLabel(run.status, phase)}
    </span>
  );
}

/** A run going now, for a list's "Last run" cell: its phase, since when, and the rows sent so far. */
export function LiveRunSummary(props: { runId: string }) {
  const { run } = useLiveRun(props.runId);
  if (!run) return <span className="muted">Starting…</span>;
  return (
    <span className="sync-last-run">
      <RunStatusBadge run={run} /> {run.startedAt ? 'started' : 'queued'} <TimeAgo at={run.startedAt ?? run.queuedAt} />
      <span className="sync-sub">{count.format(run.counters.sent)} sent so far</span>
    </span>
  );
}
