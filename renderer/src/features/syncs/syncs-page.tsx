import { useEffect } from 'react';
import type { Run, Sync } from '../../../../shared/schemas';
import { ConfirmButton } from '../../components/confirm-button';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { TimeAgo } from '../../components/time-ago';
import { useNav } from '../../app/routes';
import { floe } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useConnections } from '../connections/connections-store';
import { useDestinations } from '../destinations/destinations-store';
import { RunProgressPanel } from '../runs/run-progress-panel';
import { STATUS_LABEL } from '../runs/run-labels';
import { useRuns } from '../runs/runs-store';
import { describeSchedule } from './describe-schedule';
import { DryRunView } from './dry-run-view';
import { SyncForm } from './sync-form';
import { useSyncActivity } from './sync-activity-store';
import { useSyncForm } from './sync-form-store';
import { useSyncs } from './syncs-store';

const STRATEGY_LABEL = {
  full: 'Full',
  incremental: 'Incremental',
  diff: 'Changed rows',
  'cdc-append': 'Change tracking (inserts)',
  'cdc-mirror': 'Change tracking (mirror)',
} as const;

function Prerequisite(props: { done: boolean; label: string; onGo: () => void; goLabel: string }) {
  return (
    <li className={props.done ? 'check check-done' : 'check'}>
      <span>{props.label}</span>
      {!props.done && (
        <button type="button" className="button button-link" onClick={props.onGo}>
          {props.goLabel}
        </button>
      )}
    </li>
  );
}

function LastRun(props: { run: Run | undefined }) {
  if (!props.run) return <span className="muted">Never run</span>;
  return (
    // The badge keeps its word together; the time may go under it when the table is tight.
    <span>
      <span className={`badge badge-run-${props.run.status}`} title={props.run.error?.message}>
        {STATUS_LABEL[props.run.status]}
      </span>{' '}
      <TimeAgo at={props.run.finishedAt ?? props.run.startedAt ?? props.run.queuedAt} />
    </span>
  );
}

export function SyncsPage() {
  const syncs = useSyncs();
  const connections = useConnections();
  const destinations = useDestinations();
  const runs = useRuns();
  const form = useSyncForm();
  const activity = useSyncActivity();
  const go = useNav((s) => s.go);
  const { load: loadSyncs } = syncs;
  const { load: loadConnections } = connections;
  const { load: loadDestinations } = destinations;
  const { load: loadRuns } = runs;
  const [remove, removeError] = useAction((id: string) => floe.syncs.delete({ id }), loadSyncs);
  useEffect(() => {
    void loadSyncs();
    void loadConnections();
    void loadDestinations();
    void loadRuns();
    return floe.on('runs.changed', () => void loadRuns());
  }, [loadSyncs, loadConnections, loadDestinations, loadRuns]);
  const { open, saved } = form;
  useEffect(() => {
    if (!open && saved) void loadSyncs();
  }, [open, saved, loadSyncs]);

  const byId = <T extends { id: string; name: string }>(items: T[], id: string) =>
    items.find((item) => item.id === id)?.name ?? '—';
  // runs.list answers newest first.
  const lastRun = (s: Sync) => runs.items.find((r) => r.syncId === s.id && !r.dryRun);
  const ready = connections.items.length > 0 && destinations.items.length > 0;
  const newSync = () =>
    form.start(
      { connectionId: connections.items.length === 1 ? connections.items[0]!.id : '' },
      destinations.items.length === 1 ? destinations.items[0] : undefined,
    );

  if (form.open) {
    return (
      <>
        <PageHeader title="Syncs" subtitle="A SQL query, what it maps to, where it goes and when it runs." />
        <SyncForm connections={connections.items} destinations={destinations.items} />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Syncs"
        subtitle="A SQL query, what it maps to, where it goes and when it runs."
        actions={
          ready && (
            <button type="button" className="button button-primary" onClick={newSync}>
              New sync
            </button>
          )
        }
      />
      {syncs.error && <ErrorNotice error={syncs.error} onRetry={syncs.load} />}
      {removeError && <ErrorNotice error={removeError} />}
      {activity.runError && <ErrorNotice error={activity.runError} />}
      {form.saved && (
        <p className="notice notice-ok" role="status">
          Saved {form.saved.name}. Dry-run it to see exactly what would be sent, then run it.
        </p>
      )}
      {syncs.loaded && syncs.items.length === 0 && (
        <EmptyState
          title="No sync yet"
          action={
            ready && (
              <button type="button" className="button button-primary" onClick={newSync}>
                Create a sync
              </button>
            )
          }
        >
          <p>A sync turns a Snowflake query into rows delivered to a destination, on a schedule or by hand. It needs:</p>
          <ul className="checklist">
            <Prerequisite
              done={connections.items.length > 0}
              label="A Snowflake connection"
              goLabel="Go to Connections"
              onGo={() => go('connections')}
            />
            <Prerequisite
              done={destinations.items.length > 0}
              label="A destination"
              goLabel="Go to Destinations"
              onGo={() => go('destinations')}
            />
          </ul>
          <p>Then write the query, map its columns, dry-run it to see the exact requests, and schedule it.</p>
        </EmptyState>
      )}
      {syncs.items.length > 0 && (
        <table className="table" aria-label="Syncs">
          <thead>
            <tr>
              <th>Name</th>
              <th>From</th>
              <th>To</th>
              <th>Strategy</th>
              <th>Schedule</th>
              <th>Last run</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {syncs.items.map((s) => (
              <tr key={s.id}>
                <td className="strong">
                  {s.name}
                  {!s.enabled && <span className="badge badge-untested">Paused</span>}
                </td>
                <td>{byId(connections.items, s.connectionId)}</td>
                <td>{byId(destinations.items, s.destinationId)}</td>
                <td>{STRATEGY_LABEL[s.strategy]}</td>
                <td>{describeSchedule(s.schedule)}</td>
                <td>
                  <LastRun run={lastRun(s)} />
                </td>
                <td className="row-actions">
                  <button type="button" className="button button-primary" onClick={() => void activity.runNow(s)}>
                    Run now
                  </button>
                  <button type="button" className="button" onClick={() => void activity.startDryRun(s)}>
                    Dry run
                  </button>
                  <button type="button" className="button" onClick={() => form.edit(s, destinations.items.find((d) => d.id === s.destinationId))}>
                    Edit
                  </button>
                  <ConfirmButton label="Delete" confirmLabel={`Delete ${s.name}`} onConfirm={() => remove(s.id)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {activity.run && (
        <RunProgressPanel key={activity.run.runId} runId={activity.run.runId} title={`Run of ${activity.run.syncName}`} onClose={activity.closeRun} />
      )}
      <DryRunView />
    </>
  );
}
