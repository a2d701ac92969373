import { useEffect } from 'react';
import { ConfirmButton } from '../../components/confirm-button';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { TimeAgo } from '../../components/time-ago';
import { floe } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { DESTINATION_LABEL } from './destination-kinds';
import { useDestinations } from './destinations-store';

export function DestinationsPage() {
  const { items, loaded, error, load } = useDestinations();
  const [remove, actionError] = useAction((id: string) => floe.destinations.delete({ id }), load);
  useEffect(() => void load(), [load]);

  return (
    <>
      <PageHeader title="Destinations" subtitle="Where synced rows go: apps, HTTP endpoints and files." />
      {error && <ErrorNotice error={error} onRetry={load} />}
      {actionError && <ErrorNotice error={actionError} />}
      {loaded && items.length === 0 && (
        <EmptyState title="No destination yet">
          <p>
            A destination is where a sync delivers rows: Amplitude, Customer.io, CleverTap, CluedIn, any HTTP
            endpoint, or a file on this computer.
          </p>
          <p>Add one with its API key or token; Floe keeps those in the keychain, never in its database.</p>
        </EmptyState>
      )}
      {items.length > 0 && (
        <table className="table" aria-label="Destinations">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Added</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td className="strong">{d.name}</td>
                <td>{DESTINATION_LABEL[d.kind]}</td>
                <td>
                  <TimeAgo at={d.createdAt} />
                </td>
                <td className="row-actions">
                  <ConfirmButton
                    label="Delete"
                    confirmLabel={`Delete ${d.name} and its secrets`}
                    onConfirm={() => remove(d.id)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
