import type { Connection, Destination, Run, Sync, SyncOverview } from '../../../../shared/schemas';
import { ConfirmButton } from '../../components/confirm-button';
import { relativeTime, TimeAgo, useNow } from '../../components/time-ago';
import { count, STATUS_LABEL } from '../runs/run-labels';
import { LiveRunSummary } from '../runs/run-status-badge';
import { href } from '../../app/routes';
import { formatHealth, healthLevel } from './health';
import { RunNowButton } from './run-now-button';
import { STRATEGY_LABEL, SYNC_STATUS_LABEL } from './sync-labels';
import './sync-list.css';

function LastRun(props: { run: Run | null }) {
  if (!props.run) return <span className="muted">Never run</span>;
  const { run } = props;
  return (
    // The badge keeps its word together; the time may go under it when the table is tight.
    <span className="sync-last-run">
      <span className={`badge badge-run-${run.status}`} title={run.error?.message}>
        {STATUS_LABEL[run.status]}
      </span>{' '}
      <TimeAgo at={run.finishedAt ?? run.startedAt ?? run.queuedAt} />
      {run.status !== 'skipped' && <span className="sync-sub">{count.format(run.counters.sent)} sent</span>}
    </span>
  );
}

function NextRun(props: { overview: SyncOverview; now: number }) {
  const { nextRunAt, nextRunText } = props.overview;
  if (!nextRunAt || !nextRunText) return <span className="muted">—</span>;
  return (
    <span>
      <time dateTime={nextRunAt}>{nextRunText}</time>
      <span className="sync-sub">{relativeTime(nextRunAt, props.now)}</span>
    </span>
  );
}

/** Where a sync stands; a scheduled one's words ("next run …") are the Next run column's, so they go in its title. */
function Status(props: { overview: SyncOverview }) {
  const { status, statusText } = props.overview;
  const repeatsNextRun = status === 'scheduled';
  return (
    <>
      <span className={`badge badge-sync-${status}`} data-testid="sync-status" title={statusText}>
        {SYNC_STATUS_LABEL[status]}
      </span>
      {!repeatsNextRun && <span className="sync-sub">{statusText}</span>}
    </>
  );
}

function Health(props: { overview: SyncOverview }) {
  const { health, healthRuns } = props.overview;
  const level = healthLevel(health);
  if (!level) return null;
  return (
    <span className={`sync-health sync-health-${level}`} data-testid="sync-health" title={`Rows delivered over the last ${healthRuns === 1 ? 'run' : `${healthRuns} runs`}`}>
      {formatHealth(health)}
    </span>
  );
}

export interface SyncListActions {
  runNow(sync: Sync): void;
  dryRun(sync: Sync): void;
  edit(sync: Sync): void;
  setEnabled(sync: Sync, enabled: boolean): void;
  remove(sync: Sync): Promise<void>;
}

/** The sync list, as seed 001's import listing: where each sync stands, its schedule, last and next run, and health. */
export function SyncList(props: { syncs: Sync[]; overviews: SyncOverview[]; connections: Connection[]; destinations: Destination[]; actions: SyncListActions }) {
  const now = useNow();
  const nameOf = (items: Array<{ id: string; name: string }>, id: string) => items.find((item) => item.id === id)?.name ?? '—';
  const { actions } = props;
  return (
    <div className="sync-list-scroll">
      <table className="table sync-list" aria-label="Syncs">
        <thead>
          <tr>
            <th>Sync</th>
            <th>Status</th>
            <th>Schedule</th>
            <th>Last run</th>
            <th className="sync-next-column">Next run</th>
            <th className="num">Health</th>
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.syncs.map((s) => {
            const o = props.overviews.find((x) => x.syncId === s.id);
            return (
              <tr key={s.id}>
                <td className="sync-name">
                  <a className="strong sync-link" href={href('syncs', s.id)}>
                    {s.name}
                  </a>
                  <span className="sync-sub">
                    {nameOf(props.connections, s.connectionId)} → <span data-testid="sync-destination">{nameOf(props.destinations, s.destinationId)}</span>
                  </span>
                  <span className="sync-sub">{STRATEGY_LABEL[s.strategy]}</span>
                </td>
                <td>{o && <Status overview={o} />}</td>
                <td>
                  {o?.schedule}
                  {o?.nextRunText && (
                    <span className="sync-sub sync-next-inline">
                      Next {o.nextRunText}, {relativeTime(o.nextRunAt!, now)}
                    </span>
                  )}
                </td>
                {/* A run going now is the last run: its phase, not the one before's outcome. */}
                <td>{o && (o.activeRunId ? <LiveRunSummary key={o.activeRunId} runId={o.activeRunId} /> : <LastRun run={o.lastRun} />)}</td>
                <td className="sync-next-column">{o && <NextRun overview={o} now={now} />}</td>
                <td className="num">{o && <Health overview={o} />}</td>
                <td className="row-actions">
                  <div className="sync-actions">
                    <RunNowButton activeRunId={o?.activeRunId} onRun={() => actions.runNow(s)} />
                    <button type="button" className="button" onClick={() => actions.setEnabled(s, !s.enabled)}>
                      {s.enabled ? 'Pause' : 'Resume'}
                    </button>
                    <button type="button" className="button" onClick={() => actions.dryRun(s)}>
                      Dry run
                    </button>
                    <button type="button" className="button" onClick={() => actions.edit(s)}>
                      Edit
                    </button>
                    <ConfirmButton label="Delete" confirmLabel={`Delete ${s.name}`} onConfirm={() => actions.remove(s)} />
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
