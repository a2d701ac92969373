import { useNav } from '../../app/routes';
import { ErrorNotice } from '../../components/error-notice';
import { floe } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { RunCountersView } from './run-counters';
import { useRunDetail } from './run-detail-store';
import { count, phaseText } from './run-labels';
import { RunStatusBadge } from './run-status-badge';
import { FINAL_STATUSES, useLiveRun } from './use-live-run';

/** A run in flight, fed by its progress events, with Cancel; it shows the final status when the run ends. */
export function RunProgressPanel(props: { runId: string; title: string; onClose?: () => void }) {
  const { run, progress, error, refresh } = useLiveRun(props.runId);
  const [cancel, cancelError] = useAction(() => floe.runs.cancel({ id: props.runId }), refresh);
  const openRun = useRunDetail((s) => s.open);
  const go = useNav((s) => s.go);
  const finished = run ? FINAL_STATUSES.has(run.status) : false;

  return (
    <section className="card run-panel" aria-label="Run progress">
      <header className="run-panel-header">
        <h2>{props.title}</h2>
        {run && <RunStatusBadge run={run} testId="run-status" />}
      </header>
      {error && <ErrorNotice error={error} onRetry={refresh} />}
      {cancelError && <ErrorNotice error={cancelError} />}
      {!finished && (
        <p className="progress" role="status">
          <span className="spinner" aria-hidden="true" />
          {progress ? phaseText(progress) : 'Starting…'}
          {progress && progress.rowsPerSecond > 0 && <span> · {count.format(Math.round(progress.rowsPerSecond))} rows/s</span>}
        </p>
      )}
      {run && <RunCountersView counters={run.counters} label="Run counters" />}
      {run?.error && <ErrorNotice error={run.error} tone={run.status === 'cancelled' ? 'info' : 'error'} />}
      <div className="form-footer">
        {!finished && (
          <button type="button" className="button button-danger" onClick={() => void cancel()}>
            Cancel run
          </button>
        )}
        <button
          type="button"
          className="button"
          onClick={() => {
            go('runs');
            openRun(props.runId);
          }}
        >
          Open run details
        </button>
        {finished && props.onClose && (
          <button type="button" className="button button-quiet" onClick={props.onClose}>
            Close
          </button>
        )}
      </div>
    </section>
  );
}
