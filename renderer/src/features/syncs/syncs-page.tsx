import { useCallback, useEffect, useMemo } from 'react';
import type { Sync } from '../../../../shared/schemas';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { useNav } from '../../app/routes';
import { floe } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useConnections } from '../connections/connections-store';
import { useDestinations } from '../destinations/destinations-store';
import { RunProgressPanel } from '../runs/run-progress-panel';
import { DryRunView } from './dry-run-view';
import { SyncForm } from './sync-form';
import { SyncList, type SyncListActions } from './sync-list';
import { useSyncActivity } from './sync-activity-store';
import { useSyncForm } from './sync-form-store';
import { useSyncOverview, useSyncs } from './syncs-store';

/** The list's relative times ("3 minutes ago") and next runs stay current while the page is open. */
const REFRESH_MS = 30_000;

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

export function SyncsPage() {
  const syncs = useSyncs();
  const connections = useConnections();
  const destinations = useDestinations();
  const overview = useSyncOverview();
  const form = useSyncForm();
  const activity = useSyncActivity();
  const go = useNav((s) => s.go);
  const { load: loadSyncs } = syncs;
  const { load: loadOverview } = overview;
  const { load: loadConnections } = connections;
  const { load: loadDestinations } = destinations;
  const reload = useCallback(async () => {
    await Promise.all([loadSyncs(), loadOverview()]);
  }, [loadSyncs, loadOverview]);
  const [remove, removeError] = useAction((id: string) => floe.syncs.delete({ id }), reload);
  const [setEnabled, enableError] = useAction((id: string, enabled: boolean) => floe.syncs.setEnabled({ id, enabled }), reload);
  useEffect(() => {
    void reload();
    void loadConnections();
    void loadDestinations();
    // A run changing state, a schedule's next run or a pause (from here, the tray or the command line) refresh the list.
    const off = [floe.on('runs.changed', () => void loadOverview()), floe.on('syncs.changed', () => void reload())];
    const timer = setInterval(() => void loadOverview(), REFRESH_MS);
    return () => {
      off.forEach((unsubscribe) => unsubscribe());
      clearInterval(timer);
    };
  }, [reload, loadOverview, loadConnections, loadDestinations]);
  const { open, saved } = form;
  useEffect(() => {
    if (!open && saved) void reload();
  }, [open, saved, reload]);

  const { edit } = form;
  const { runNow, startDryRun, watch } = activity;
  const actions = useMemo<SyncListActions>(
    () => ({
      runNow: (s: Sync) => void runNow(s),
      watch: (s: Sync, runId: string) => watch(s, runId),
      dryRun: (s: Sync) => void startDryRun(s),
      edit: (s: Sync) => edit(s, destinations.items.find((d) => d.id === s.destinationId)),
      setEnabled: (s: Sync, enabled: boolean) => void setEnabled(s.id, enabled),
      remove: (s: Sync) => remove(s.id),
    }),
    [runNow, watch, startDryRun, edit, setEnabled, remove, destinations.items],
  );
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
      {overview.error && <ErrorNotice error={overview.error} onRetry={overview.load} />}
      {removeError && <ErrorNotice error={removeError} />}
      {enableError && <ErrorNotice error={enableError} />}
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
        <SyncList syncs={syncs.items} overviews={overview.items} connections={connections.items} destinations={destinations.items} actions={actions} />
      )}
      {activity.run && (
        <RunProgressPanel key={activity.run.runId} runId={activity.run.runId} title={`Run of ${activity.run.syncName}`} onClose={activity.closeRun} />
      )}
      <DryRunView />
    </>
  );
}
