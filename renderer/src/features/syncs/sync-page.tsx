import { useEffect } from 'react';
import type { Connection, Destination, Sync, SyncOverview } from '../../../../shared/schemas';
import { kindLabel } from '../../../../shared/destinations';
import { href, useNav } from '../../app/routes';
import { ConfirmButton } from '../../components/confirm-button';
import { PageHeader } from '../../components/page-header';
import { floe } from '../../lib/api';
import { RunProgressPanel } from '../runs/run-progress-panel';
import { DryRunView } from './dry-run-view';
import { RunNowButton } from './run-now-button';
import type { SyncListActions } from './sync-list';
import { useSyncActivity } from './sync-activity-store';
import { SyncEditor } from './sync-editor';
import { dataTypesOf, useSyncForm } from './sync-form-store';
import { STRATEGY_LABEL } from './sync-labels';
import { SyncOverviewTab } from './sync-overview';
import { SyncRunsTab } from './sync-runs';
import { useSyncRuns } from './sync-runs-store';
import './sync-page.css';

export const SYNC_TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'runs', label: 'Runs' },
  { id: 'edit', label: 'Edit' },
] as const;
export type SyncTab = (typeof SYNC_TABS)[number]['id'];

/** The tab an address names: `#/syncs/<id>` is the overview. */
export const tabOf = (segment: string | undefined): SyncTab => SYNC_TABS.find((t) => t.id === segment)?.id ?? 'overview';

const tabPath = (syncId: string, tab: SyncTab) => (tab === 'overview' ? [syncId] : [syncId, tab]);

function Tabs(props: { sync: Sync; tab: SyncTab }) {
  return (
    <nav className="page-tabs" aria-label={`${props.sync.name} pages`}>
      {SYNC_TABS.map((t) => (
        <a key={t.id} href={href('syncs', ...tabPath(props.sync.id, t.id))} aria-current={props.tab === t.id ? 'page' : undefined}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}

/** The editor tab: the saved sync in the editor's steps; saving returns to the overview. */
function EditTab(props: { sync: Sync; connections: Connection[]; destinations: Destination[] }) {
  const { sync, destinations } = props;
  const form = useSyncForm();
  const go = useNav((s) => s.go);
  const { edit, open, editing } = form;
  const destination = destinations.find((d) => d.id === sync.destinationId);
  useEffect(() => {
    if (!open || editing?.id !== sync.id) edit(sync, destination);
    // Only when the tab opens on a sync: the form is the user's while it is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sync.id]);
  if (!open || editing?.id !== sync.id) return null;
  return (
    <SyncEditor
      connections={props.connections}
      destinations={destinations}
      onCancel={() => {
        form.close();
        go('syncs', sync.id);
      }}
      onSaved={() => go('syncs', sync.id)}
    />
  );
}

/**
 * A sync's own page (`#/syncs/<id>`): its overview, its runs and its editor, under a header with
 * what can be done to it now.
 */
export function SyncPage(props: {
  sync: Sync;
  tab: SyncTab;
  overview: SyncOverview | undefined;
  connections: Connection[];
  destinations: Destination[];
  actions: SyncListActions;
}) {
  const { sync, tab, overview, actions } = props;
  const activity = useSyncActivity();
  const saved = useSyncForm((s) => s.saved);
  const loadRuns = useSyncRuns((s) => s.load);
  const go = useNav((s) => s.go);
  useEffect(() => {
    void loadRuns(sync.id);
    const off = floe.on('runs.changed', ({ syncId }) => {
      if (syncId === sync.id) void loadRuns(sync.id);
    });
    return () => {
      off();
      // "Saved …" is said once, on the page the save led to.
      useSyncForm.setState({ saved: null });
    };
  }, [sync.id, loadRuns]);

  const nameOf = (items: Array<{ id: string; name: string }>, id: string) => items.find((item) => item.id === id)?.name ?? '—';
  const destination = props.destinations.find((d) => d.id === sync.destinationId);
  const dataType = dataTypesOf(destination).find((t) => t.id === sync.dataType)?.label.toLowerCase() ?? sync.dataType;
  const connection = nameOf(props.connections, sync.connectionId);
  const run = activity.run?.syncId === sync.id ? activity.run : null;
  const dryRun = activity.dryRun?.syncId === sync.id;

  return (
    <>
      <a className="back-link" href={href('syncs')}>
        ← All syncs
      </a>
      <PageHeader
        title={sync.name}
        subtitle={`${connection} → ${destination ? `${destination.name} (${kindLabel(destination.kind)})` : 'a deleted destination'} · ${STRATEGY_LABEL[sync.strategy]}`}
        actions={
          <div className="sync-page-actions" role="group" aria-label={`Actions for ${sync.name}`}>
            <RunNowButton activeRunId={overview?.activeRunId} onRun={() => actions.runNow(sync)} />
            {tab !== 'edit' && (
              <button type="button" className="button" onClick={() => actions.dryRun(sync)}>
                Dry run
              </button>
            )}
            <button type="button" className="button" onClick={() => actions.setEnabled(sync, !sync.enabled)}>
              {sync.enabled ? 'Pause' : 'Resume'}
            </button>
            <ConfirmButton
              label="Delete"
              confirmLabel={`Delete ${sync.name}`}
              onConfirm={async () => {
                await actions.remove(sync);
                go('syncs');
              }}
            />
          </div>
        }
      />
      <Tabs sync={sync} tab={tab} />
      {saved?.id === sync.id && tab !== 'edit' && (
        <p className="notice notice-ok" role="status">
          Saved {saved.name}. Dry-run it to see exactly what would be sent, or run it.
        </p>
      )}
      {run && tab !== 'edit' && <RunProgressPanel key={run.runId} runId={run.runId} title={`Run of ${sync.name}`} onClose={activity.closeRun} />}
      {dryRun && tab !== 'edit' && <DryRunView />}
      {tab === 'overview' && <SyncOverviewTab sync={sync} overview={overview} definition={{ connection, destination: destination?.name ?? 'a deleted destination', dataType }} />}
      {tab === 'runs' && <SyncRunsTab sync={sync} />}
      {tab === 'edit' && <EditTab sync={sync} connections={props.connections} destinations={props.destinations} />}
    </>
  );
}
