import { useEffect } from 'react';
import { ConfirmButton } from '../../components/confirm-button';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { TimeAgo } from '../../components/time-ago';
import { floe } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useConnections } from './connections-store';

const STATUS_LABEL = { untested: 'Not tested', ok: 'Working', failed: 'Failing' } as const;

export function ConnectionsPage() {
  const { items, loaded, error, load } = useConnections();
  const [remove, actionError] = useAction((id: string) => floe.connections.delete({ id }), load);
  useEffect(() => void load(), [load]);

  return (
    <>
      <PageHeader title="Connections" subtitle="Snowflake accounts Floe reads from and loads into." />
      {error && <ErrorNotice error={error} onRetry={load} />}
      {actionError && <ErrorNotice error={actionError} />}
      {loaded && items.length === 0 && (
        <EmptyState title="No Snowflake connection yet">
          <p>Every sync starts from a Snowflake connection. Setting one up takes three steps:</p>
          <ol>
            <li>Enter your account identifier (for example <code>myorg-myaccount</code>).</li>
            <li>Let Floe generate a key pair; the private key stays in this computer’s keychain.</li>
            <li>Paste the setup SQL Floe writes into a Snowflake worksheet, then test the connection.</li>
          </ol>
        </EmptyState>
      )}
      {items.length > 0 && (
        <table className="table" aria-label="Connections">
          <thead>
            <tr>
              <th>Name</th>
              <th>Account</th>
              <th>User</th>
              <th>Sign-in</th>
              <th>Status</th>
              <th>Last test</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td className="strong">{c.name}</td>
                <td>{c.account}</td>
                <td>{c.username}</td>
                <td>{c.authKind === 'keypair' ? 'Key pair' : 'Password'}</td>
                <td>
                  <span className={`badge badge-${c.status}`} title={c.lastError ?? undefined}>
                    {STATUS_LABEL[c.status]}
                  </span>
                </td>
                <td>
                  <TimeAgo at={c.lastTestedAt} />
                </td>
                <td className="row-actions">
                  <ConfirmButton
                    label="Delete"
                    confirmLabel={`Delete ${c.name} and its secrets`}
                    onConfirm={() => remove(c.id)}
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
