import type { Sync } from '../../../../shared/schemas';
import { href } from '../../app/routes';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { TimeAgo } from '../../components/time-ago';
import { count, duration, STATUS_LABEL, TRIGGER_LABEL } from '../runs/run-labels';
import { RunCountCells, RunCountHeaders, RunWhy } from '../runs/run-row-counts';
import { SYNC_RUNS, useSyncRuns } from './sync-runs-store';
import '../runs/runs.css';

/** A sync's page, Runs tab: its recent runs, newest first, each leading to its own page. */
export function SyncRunsTab(props: { sync: Sync }) {
  const runs = useSyncRuns();
  const items = runs.syncId === props.sync.id ? runs.items : [];
  return (
    <>
      {runs.error && <ErrorNotice error={runs.error} onRetry={() => void runs.load(props.sync.id)} />}
      {runs.loaded && items.length === 0 && (
        <EmptyState title="No run yet">
          <p>Each run of this sync is listed here, by hand or on its schedule, with what happened to its rows.</p>
        </EmptyState>
      )}
      {items.length > 0 && (
        <>
          <p className="muted small history-count" role="status">
            {items.length === SYNC_RUNS ? `The newest ${SYNC_RUNS} runs.` : `${count.format(items.length)} ${items.length === 1 ? 'run' : 'runs'}, newest first.`}{' '}
            <a href={href('runs', 'sync', props.sync.id)}>Filter them in Runs</a>
          </p>
          <div className="history-table-scroll">
            <table className="table history-table" aria-label={`Runs of ${props.sync.name}`}>
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Status</th>
                  <RunCountHeaders />
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id}>
                    <td className="nowrap">
                      <a href={href('runs', r.id)} aria-label={`Open the run ${new Date(r.startedAt ?? r.queuedAt).toLocaleString()}`}>
                        <TimeAgo at={r.startedAt ?? r.queuedAt} />
                      </a>
                      <span className="run-sub">
                        {TRIGGER_LABEL[r.trigger]}
                        {r.startedAt ? `, took ${duration(r.startedAt, r.finishedAt)}` : ', did not start'}
                      </span>
                    </td>
                    <td>
                      <span className={`badge badge-run-${r.status}`} title={r.error?.message}>
                        {STATUS_LABEL[r.status]}
                      </span>
                      <RunWhy run={r} />
                    </td>
                    <RunCountCells run={r} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
