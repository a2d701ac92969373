import { lazy, Suspense, useMemo } from 'react';
import type { Sync, SyncOverview } from '../../../../shared/schemas';
import { href } from '../../app/routes';
import { CodeBlock } from '../../components/code-block';
import { EmptyState } from '../../components/empty-state';
import { relativeTime, TimeAgo, useNow } from '../../components/time-ago';
import { useRunDetail } from '../runs/run-detail-store';
import { chartPoints } from '../runs/run-history';
import { count, STATUS_LABEL } from '../runs/run-labels';
import { formatHealth, healthLevel } from './health';
import { upcomingRuns } from './schedule-values';
import { SYNC_STATUS_LABEL } from './sync-labels';
import { useSyncRuns } from './sync-runs-store';

// The chart library loads with the first page that draws a chart, not at start-up.
const HistoryCharts = lazy(() => import('../runs/run-charts').then((m) => ({ default: m.HistoryCharts })));

/** The next runs after the scheduler's next one: three in all, in the schedule's zone. */
function NextRuns(props: { sync: Sync; overview: SyncOverview }) {
  const now = useNow();
  const { nextRunAt, nextRunText } = props.overview;
  if (!props.sync.enabled) return <p className="muted">Paused: its schedule does not run until you resume it.</p>;
  if (props.sync.schedule.kind === 'manual') return <p className="muted">Runs only when you click Run now (or with floe run).</p>;
  if (!nextRunAt || !nextRunText) return <p className="muted">Its schedule has no more runs.</p>;
  const after = upcomingRuns(props.sync.schedule, new Date(nextRunAt), 2);
  return (
    <ol className="schedule-runs" aria-label="Next run times">
      {[{ at: new Date(nextRunAt), text: nextRunText }, ...after].map((run) => (
        <li key={run.at.getTime()}>
          <span className="schedule-run-time">{run.text}</span> <span className="muted small">{relativeTime(run.at, now)}</span>
        </li>
      ))}
    </ol>
  );
}

function LastRunFacts(props: { overview: SyncOverview }) {
  const run = props.overview.lastRun;
  if (!run) return <p className="muted">Never run.</p>;
  return (
    <>
      <p>
        <span className={`badge badge-run-${run.status}`}>{STATUS_LABEL[run.status]}</span> <TimeAgo at={run.finishedAt ?? run.startedAt ?? run.queuedAt} />
      </p>
      {run.status !== 'skipped' && (
        <p className="muted small">
          {count.format(run.counters.read)} read · {count.format(run.counters.sent)} sent · {count.format(run.counters.rejected)} rejected ·{' '}
          {count.format(run.counters.unchanged)} unchanged
        </p>
      )}
      {run.error && run.status !== 'succeeded' && <p className="small">{run.error.message}</p>}
      <a href={href('runs', run.id)}>Open this run</a>
    </>
  );
}

function HealthFacts(props: { overview: SyncOverview }) {
  const { health, healthRuns } = props.overview;
  const level = healthLevel(health);
  if (!level) return <p className="muted">No rows to deliver yet.</p>;
  return (
    <>
      <p>
        <span className={`sync-health sync-health-${level}`} data-testid="sync-health">
          {formatHealth(health)}
        </span>
      </p>
      <p className="muted small">of the rows to deliver were delivered, over the last {healthRuns === 1 ? 'run' : `${healthRuns} runs`}.</p>
    </>
  );
}

/** A sync's page, first tab: where it stands, when it runs next, how its recent runs went, and what it does. */
export function SyncOverviewTab(props: { sync: Sync; overview: SyncOverview | undefined; definition: { connection: string; destination: string; dataType: string } }) {
  const { sync, overview } = props;
  const runs = useSyncRuns();
  const open = useRunDetail((s) => s.open);
  const points = useMemo(() => chartPoints(runs.syncId === sync.id ? runs.items : []), [runs.items, runs.syncId, sync.id]);
  const name = () => sync.name;
  return (
    <>
      {overview && (
        <div className="overview-cards">
          <section className="card overview-card" aria-label="Status">
            <h3>Status</h3>
            <p>
              <span className={`badge badge-sync-${overview.status}`} data-testid="sync-status">
                {SYNC_STATUS_LABEL[overview.status]}
              </span>
            </p>
            <p className="muted small">{overview.statusText}</p>
          </section>
          <section className="card overview-card" aria-label="Schedule">
            <h3>Schedule</h3>
            <p data-testid="sync-schedule">{overview.schedule}</p>
            <NextRuns sync={sync} overview={overview} />
          </section>
          <section className="card overview-card" aria-label="Last run">
            <h3>Last run</h3>
            <LastRunFacts overview={overview} />
          </section>
          <section className="card overview-card" aria-label="Health">
            <h3>Health</h3>
            <HealthFacts overview={overview} />
          </section>
        </div>
      )}
      <h3 className="overview-heading">Recent runs</h3>
      {runs.loaded && points.length === 0 && (
        <EmptyState title="No run yet">
          <p>Each run is charted here: rows sent, rejected and unchanged, and how long it took. Dry-run the sync to see what it would send, then run it.</p>
        </EmptyState>
      )}
      {points.length > 0 && (
        <Suspense fallback={<p className="muted small">Loading charts…</p>}>
          <HistoryCharts points={points} syncName={name} onOpen={open} />
        </Suspense>
      )}
      <section className="card overview-definition" aria-label="What it does">
        <h3>What it does</h3>
        <dl className="facts">
          <dt>Reads</dt>
          <dd>From {props.definition.connection}</dd>
          <dt>Sends to</dt>
          <dd>
            {props.definition.destination}, as {props.definition.dataType}
          </dd>
          <dt>Mapping</dt>
          <dd>
            {sync.mapping.rules.length === 1 ? '1 field' : `${sync.mapping.rules.length} fields`}
            {sync.mapping.passThrough ? (sync.mapping.passThroughTo ? `, other columns inside ${sync.mapping.passThroughTo}` : ', other columns as they are') : ''}
          </dd>
          <dt>Primary key</dt>
          <dd>{sync.primaryKey.length ? sync.primaryKey.join(', ') : <span className="muted">none</span>}</dd>
        </dl>
        <CodeBlock code={sync.query} label="Query" />
      </section>
    </>
  );
}
