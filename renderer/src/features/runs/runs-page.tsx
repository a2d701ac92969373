import { lazy, Suspense, useEffect, useMemo } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { TimeAgo } from '../../components/time-ago';
import { floe } from '../../lib/api';
import { useDestinations } from '../destinations/destinations-store';
import { useSyncs } from '../syncs/syncs-store';
import { runDestination } from './run-batches';
import { RunDetail } from './run-detail';
import { useRunDetail } from './run-detail-store';
import { RunFilters } from './run-filters';
import { chartPoints, HISTORY_LIMIT, isFiltered } from './run-history';
import { useRunHistory } from './run-history-store';
import { count, duration, TRIGGER_LABEL } from './run-labels';
import { RunCountCells, RunCountHeaders, RunWhy } from './run-row-counts';
import { RunStatusBadge } from './run-status-badge';
import './runs.css';

// The chart library is the largest part of the renderer: it loads with the Runs page, not at start-up.
const loadCharts = () => import('./run-charts');
const HistoryCharts = lazy(() => loadCharts().then((m) => ({ default: m.HistoryCharts })));

function History(props: { syncName(id: string): string }) {
  const history = useRunHistory();
  const syncs = useSyncs((s) => s.items);
  const open = useRunDetail((s) => s.open);
  const { items, filters } = history;
  const points = useMemo(() => chartPoints(items), [items]);
  const filtered = isFiltered(filters);

  return (
    <>
      {/* With no run at all there is nothing to filter: the empty state says what to do instead. */}
      {history.loaded && (items.length > 0 || filtered) && (
        <RunFilters filters={filters} syncs={syncs} onChange={history.setFilters} onClear={history.clearFilters} />
      )}
      {history.error && <ErrorNotice error={history.error} onRetry={history.load} />}
      {history.loaded && items.length === 0 && !filtered && (
        <EmptyState title="No runs yet">
          <p>
            Each time a sync runs, on its schedule or by hand, it is recorded here: rows read, sent, rejected with a
            reason, unchanged, or not sent (kept for the next run), and how long it took.
          </p>
          <p>Create a sync and run it, or dry-run it first to see exactly what would be sent.</p>
        </EmptyState>
      )}
      {history.loaded && items.length === 0 && filtered && (
        <EmptyState
          title="No runs match these filters"
          action={
            <button type="button" className="button" onClick={history.clearFilters}>
              Clear filters
            </button>
          }
        >
          <p>
            {filters.search.trim()
              ? 'Check the search’s spelling or use fewer words, tick more statuses, widen the days, or choose all syncs.'
              : 'Tick more statuses, widen the days, or choose all syncs.'}
          </p>
        </EmptyState>
      )}
      {items.length > 0 && (
        <>
          <Suspense fallback={<p className="history-charts-loading muted small">Loading charts…</p>}>
            <HistoryCharts points={points} syncName={props.syncName} onOpen={open} />
          </Suspense>
          <p className="muted small history-count" role="status">
            {items.length === HISTORY_LIMIT
              ? `The newest ${count.format(HISTORY_LIMIT)} runs that match; pick earlier days to see older ones.`
              : `${count.format(items.length)} ${items.length === 1 ? 'run' : 'runs'}, newest first.`}
          </p>
          <div className="history-table-scroll">
            <table className="table history-table" aria-label="Runs">
              <thead>
                <tr>
                  <th>Sync</th>
                  <th>Status</th>
                  <th>Started</th>
                  <RunCountHeaders />
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id}>
                    <td className="sync-cell">
                      <button type="button" className="button-link run-open" onClick={() => open(r.id)}>
                        {props.syncName(r.syncId)}
                        <span className="visually-hidden">: open this run</span>
                      </button>
                      {r.dryRun && <span className="badge badge-untested">Dry run</span>}
                      <RunWhy run={r} />
                    </td>
                    <td>
                      <RunStatusBadge run={r} />
                      <span className="run-sub">{TRIGGER_LABEL[r.trigger]}</span>
                    </td>
                    <td className="nowrap">
                      <TimeAgo at={r.startedAt ?? r.queuedAt} />
                      <span className="run-sub">{r.startedAt ? `took ${duration(r.startedAt, r.finishedAt)}` : 'did not start'}</span>
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

export function RunsPage() {
  const syncs = useSyncs();
  const destinations = useDestinations();
  const openId = useRunDetail((s) => s.openId);
  const loadHistory = useRunHistory((s) => s.load);
  const loadSyncs = syncs.load;
  const loadDestinations = destinations.load;
  useEffect(() => {
    // Fetched alongside the runs rather than after them.
    void loadCharts();
    void loadHistory();
    void loadSyncs();
    // A run's destination kind decides how its receipts and possible duplicates are explained.
    void loadDestinations();
    // Any run changing state refreshes the history (and its charts).
    return floe.on('runs.changed', () => void loadHistory());
  }, [loadHistory, loadSyncs, loadDestinations]);

  const syncName = (id: string) => syncs.items.find((s) => s.id === id)?.name ?? 'Deleted sync';
  const destination = (syncId: string) => runDestination(syncId, syncs.items, destinations.items);
  // Null until the syncs have loaded (or for a deleted sync): keys are then shown as stored.
  const primaryKey = (syncId: string) => syncs.items.find((s) => s.id === syncId)?.primaryKey ?? null;

  return (
    <>
      <PageHeader title="Runs" subtitle="Every run of every sync, with what happened to each row." />
      {openId ? <RunDetail key={openId} runId={openId} syncName={syncName} destination={destination} primaryKey={primaryKey} /> : <History syncName={syncName} />}
    </>
  );
}
