import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Sync } from '../../../../shared/schemas';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { ListSearch, NoSearchMatch } from '../../components/list-search';
import { PageHeader } from '../../components/page-header';
import { useNav } from '../../app/routes';
import { floe } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useConnections } from '../connections/connections-store';
import { useDestinations } from '../destinations/destinations-store';
import { RunProgressPanel } from '../runs/run-progress-panel';
import { DryRunView } from './dry-run-view';
import { NewSync } from './new-sync';
import { SyncList, type SyncListActions } from './sync-list';
import { SyncPage, tabOf } from './sync-page';
import { useSyncActivity } from './sync-activity-store';
import { useSyncForm } from './sync-form-store';
import { searchSyncs } from './sync-search';
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

const SUBTITLE = 'A SQL query, what it maps to, where it goes and when it runs.';

/**
 * The Syncs page and what lies under it: the list (`#/syncs`), a new sync in the editor's steps
 * (`#/syncs/new`) and each sync's own page (`#/syncs/<id>`, `/runs`, `/edit`).
 */
export function SyncsPage() {
  const syncs = useSyncs();
  const connections = useConnections();
  const destinations = useDestinations();
  const overview = useSyncOverview();
  const form = useSyncForm();
  const activity = useSyncActivity();
  const { go, path } = useNav();
  // Kept while a sync's own page is open, so going back finds the list as it was left.
  const [search, setSearch] = useState('');
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

  const { runNow, startDryRun } = activity;
  const actions = useMemo<SyncListActions>(
    () => ({
      // Run now gives way to "Running…" at once, whoever started the run that is going.
      runNow: (s: Sync) => void runNow(s).then(loadOverview),
      dryRun: (s: Sync) => void startDryRun(s),
      edit: (s: Sync) => go('syncs', s.id, 'edit'),
      setEnabled: (s: Sync, enabled: boolean) => void setEnabled(s.id, enabled),
      remove: (s: Sync) => remove(s.id),
    }),
    [runNow, loadOverview, startDryRun, go, setEnabled, remove],
  );
  const ready = connections.items.length > 0 && destinations.items.length > 0;
  const shown = useMemo(
    () => searchSyncs(syncs.items, search, { overviews: overview.items, connections: connections.items, destinations: destinations.items }),
    [syncs.items, search, overview.items, connections.items, destinations.items],
  );
  const newSync = () => go('syncs', 'new');

  const [first, second] = path;
  if (first === 'new') {
    return (
      <>
        <a className="back-link" href="#/syncs">
          ← All syncs
        </a>
        <PageHeader title="New sync" subtitle={SUBTITLE} />
        <NewSync connections={connections.items} destinations={destinations.items} loaded={connections.loaded && destinations.loaded} />
      </>
    );
  }
  if (first) {
    const sync = syncs.items.find((s) => s.id === first);
    if (!sync) {
      return (
        <>
          <PageHeader title="Syncs" subtitle={SUBTITLE} />
          {syncs.error && <ErrorNotice error={syncs.error} onRetry={syncs.load} />}
          {syncs.loaded && (
            <EmptyState
              title="No such sync"
              action={
                <button type="button" className="button" onClick={() => go('syncs')}>
                  All syncs
                </button>
              }
            >
              <p>This sync was deleted, or the address is not a sync’s.</p>
            </EmptyState>
          )}
        </>
      );
    }
    return (
      <>
        {removeError && <ErrorNotice error={removeError} />}
        {enableError && <ErrorNotice error={enableError} />}
        {activity.runError && <ErrorNotice error={activity.runError} />}
        <SyncPage
          sync={sync}
          tab={tabOf(second)}
          overview={overview.items.find((o) => o.syncId === sync.id)}
          connections={connections.items}
          destinations={destinations.items}
          actions={actions}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Syncs"
        subtitle={SUBTITLE}
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
        <>
          <ListSearch label="Search syncs" value={search} onChange={setSearch} shown={shown.length} total={syncs.items.length} noun="syncs" />
          {shown.length > 0 ? (
            <SyncList syncs={shown} overviews={overview.items} connections={connections.items} destinations={destinations.items} actions={actions} />
          ) : (
            <NoSearchMatch noun="sync" search={search} onClear={() => setSearch('')} />
          )}
        </>
      )}
      {activity.run && (
        <RunProgressPanel key={activity.run.runId} runId={activity.run.runId} title={`Run of ${activity.run.syncName}`} onClose={activity.closeRun} />
      )}
      <DryRunView />
    </>
  );
}
