import { useState } from 'react';
import type { IpcError } from '../../../../shared/ipc';
import { ErrorNotice } from '../../components/error-notice';
import { floe, toIpcError, unwrap } from '../../lib/api';
import type { RunDestination } from './run-batches';
import { PossiblyDuplicated, RunBatchesSection } from './run-batches-view';
import { RejectedRows } from './rejected-rows';
import { RunCountersView } from './run-counters';
import { useRunDetail } from './run-detail-store';
import { count, duration, phaseText, TRIGGER_LABEL } from './run-labels';
import { RunStatusBadge } from './run-status-badge';
import { RunTimeline } from './run-timeline';
import { FINAL_STATUSES, useLiveRun } from './use-live-run';

const when = (at: string | null) => (at ? new Date(at).toLocaleString() : '—');

export function RunDetail(props: {
  runId: string;
  syncName: (id: string) => string;
  destination: (syncId: string) => RunDestination | null;
  /** The sync's primary key columns, null when the sync is gone: rejected rows are named by them. */
  primaryKey: (syncId: string) => readonly string[] | null;
}) {
  const { run, progress, error, refresh } = useLiveRun(props.runId);
  const close = useRunDetail((s) => s.close);
  const open = useRunDetail((s) => s.open);
  const [cancelError, setCancelError] = useState<IpcError | null>(null);
  const cancel = async () => {
    try {
      await unwrap(floe.runs.cancel({ id: props.runId }));
    } catch (e) {
      setCancelError(toIpcError(e));
    }
    await refresh();
  };

  return (
    <article className="run-detail" aria-label="Run details">
      <button type="button" className="button button-link back-link" onClick={close}>
        ← All runs
      </button>
      {error && <ErrorNotice error={error} onRetry={refresh} />}
      {run && (
        <>
          <header className="run-panel-header">
            <h2>
              {props.syncName(run.syncId)}
              {run.dryRun && <span className="badge">Dry run</span>}
            </h2>
            <RunStatusBadge run={run} testId="run-status" />
          </header>
          {!FINAL_STATUSES.has(run.status) && (
            <div className="step-toolbar">
              <p className="progress" role="status">
                <span className="spinner" aria-hidden="true" />
                {progress ? phaseText(progress) : 'Waiting for the first progress report…'}
                {progress && progress.rowsPerSecond > 0 && <span> · {count.format(Math.round(progress.rowsPerSecond))} rows/s</span>}
              </p>
              <button type="button" className="button button-danger" onClick={() => void cancel()}>
                Cancel run
              </button>
            </div>
          )}
          {cancelError && <ErrorNotice error={cancelError} />}
          {run.error && <ErrorNotice error={run.error} tone={run.status === 'cancelled' || run.status === 'skipped' ? 'info' : 'error'} />}
          {run.note && (
            <p className="notice notice-info run-note" data-testid="run-note">
              {run.note}
            </p>
          )}
          <div className="card">
            <dl className="facts">
              <dt>Trigger</dt>
              <dd>
                {TRIGGER_LABEL[run.trigger]}
                {run.retryOf && (
                  <>
                    {' '}
                    of{' '}
                    <button type="button" className="button-link" onClick={() => open(run.retryOf!)}>
                      an earlier run
                    </button>
                  </>
                )}
              </dd>
              {run.scheduledFor && (
                <>
                  <dt>Scheduled for</dt>
                  <dd data-testid="run-scheduled-for">{when(run.scheduledFor)}</dd>
                </>
              )}
              <dt>Queued</dt>
              <dd>{when(run.queuedAt)}</dd>
              <dt>Started</dt>
              <dd>{when(run.startedAt)}</dd>
              <dt>Finished</dt>
              <dd>{when(run.finishedAt)}</dd>
              <dt>Duration</dt>
              <dd>{duration(run.startedAt, run.finishedAt)}</dd>
              <dt>Snowflake query id</dt>
              <dd>{run.queryId ? <code data-testid="query-id">{run.queryId}</code> : <span className="muted">none yet</span>}</dd>
            </dl>
            <RunCountersView counters={run.counters} label="Run counters" />
            <PossiblyDuplicated count={run.counters.maybeDuplicated} destination={props.destination(run.syncId)} />
          </div>
          <RunTimeline runId={run.id} active={!FINAL_STATUSES.has(run.status)} />
          <RunBatchesSection runId={run.id} status={run.status} destination={props.destination(run.syncId)} />
          <RejectedRows runId={run.id} status={run.status} primaryKey={props.primaryKey(run.syncId)} />
        </>
      )}
    </article>
  );
}
