import { useEffect } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { TimeAgo } from '../../components/time-ago';
import { floe } from '../../lib/api';
import { useSyncs } from '../syncs/syncs-store';
import { RunDetail } from './run-detail';
import { useRunDetail } from './run-detail-store';
import { count, STATUS_LABEL } from './run-labels';
import { useRuns } from './runs-store';

export function RunsPage() {
  const runs = useRuns();
  const syncs = useSyncs();
  const { openId, open } = useRunDetail();
  const loadRuns = runs.load;
  const loadSyncs = syncs.load;
  useEffect(() => {
    void loadRuns();
    void loadSyncs();
    // Any run changing state refreshes the list.
    return floe.on('runs.changed', () => void loadRuns());
  }, [loadRuns, loadSyncs]);

  const syncName = (id: string) => syncs.items.find((s) => s.id === id)?.name ?? 'Deleted sync';

  return (
    <>
      <PageHeader title="Runs" subtitle="Every run of every sync, with what happened to each row." />
      {openId ? (
        <RunDetail key={openId} runId={openId} syncName={syncName} />
      ) : (
        <>
          {runs.error && <ErrorNotice error={runs.error} onRetry={runs.load} />}
          {runs.loaded && runs.items.length === 0 && (
            <EmptyState title="No runs yet">
              <p>
                Each time a sync runs, on its schedule or by hand, it is recorded here: rows read, sent, rejected with a
                reason, unchanged or skipped, and how long it took.
              </p>
              <p>Create a sync and run it, or dry-run it first to see exactly what would be sent.</p>
            </EmptyState>
          )}
          {runs.items.length > 0 && (
            <table className="table" aria-label="Runs">
              <thead>
                <tr>
                  <th>Sync</th>
                  <th>Status</th>
                  <th>Started</th>
                  <th className="num">Read</th>
                  <th className="num">Sent</th>
                  <th className="num">Rejected</th>
                  <th className="num">Unchanged</th>
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.items.map((r) => (
                  <tr key={r.id}>
                    <td className="strong">
                      {syncName(r.syncId)}
                      {r.dryRun && <span className="badge badge-untested">Dry run</span>}
                    </td>
                    <td>
                      <span className={`badge badge-run-${r.status}`} title={r.error?.message}>
                        {STATUS_LABEL[r.status]}
                      </span>
                    </td>
                    <td>
                      <TimeAgo at={r.startedAt ?? r.queuedAt} />
                    </td>
                    <td className="num">{count.format(r.counters.read)}</td>
                    <td className="num">{count.format(r.counters.sent)}</td>
                    <td className="num">{count.format(r.counters.rejected)}</td>
                    <td className="num">{count.format(r.counters.unchanged)}</td>
                    <td className="row-actions">
                      <button type="button" className="button" onClick={() => open(r.id)}>
                        Details
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}
