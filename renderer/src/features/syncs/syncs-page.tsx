import { useEffect } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { useNav } from '../../app/routes';
import { useConnections } from '../connections/connections-store';
import { useDestinations } from '../destinations/destinations-store';
import { describeSchedule } from './describe-schedule';
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

export function SyncsPage() {
  const syncs = useSyncs();
  const connections = useConnections();
  const destinations = useDestinations();
  const go = useNav((s) => s.go);
  const { load: loadSyncs } = syncs;
  const { load: loadConnections } = connections;
  const { load: loadDestinations } = destinations;
  useEffect(() => {
    void loadSyncs();
    void loadConnections();
    void loadDestinations();
  }, [loadSyncs, loadConnections, loadDestinations]);

  const byId = <T extends { id: string; name: string }>(items: T[], id: string) =>
    items.find((item) => item.id === id)?.name ?? '—';

  return (
    <>
      <PageHeader title="Syncs" subtitle="A SQL query, what it maps to, where it goes and when it runs." />
      {syncs.error && <ErrorNotice error={syncs.error} onRetry={syncs.load} />}
      {syncs.loaded && syncs.items.length === 0 && (
        <EmptyState title="No sync yet">
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
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {syncs.items.map((s) => (
              <tr key={s.id}>
                <td className="strong">{s.name}</td>
                <td>{byId(connections.items, s.connectionId)}</td>
                <td>{byId(destinations.items, s.destinationId)}</td>
                <td>{STRATEGY_LABEL[s.strategy]}</td>
                <td>{describeSchedule(s.schedule)}</td>
                <td>
                  <span className={s.enabled ? 'badge badge-ok' : 'badge badge-untested'}>
                    {s.enabled ? 'On' : 'Paused'}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
