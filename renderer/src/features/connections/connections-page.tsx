import { Fragment, useEffect, useState } from 'react';
import type { IpcError } from '../../../../shared/ipc';
import type { ConnectionTestResult } from '../../../../shared/schemas';
import { ConfirmButton } from '../../components/confirm-button';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { PageHeader } from '../../components/page-header';
import { TimeAgo } from '../../components/time-ago';
import { floe, toIpcError, unwrap } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { ConnectionEditForm } from './connection-edit-form';
import { useConnections } from './connections-store';
import { RotateKeyPanel } from './rotate-key-panel';
import { SetupWizard } from './setup-wizard';
import { TestResultView } from './test-result-view';
import { useWizard } from './wizard-store';
import './connections.css';

const STATUS_LABEL = { untested: 'Not tested', ok: 'Working', failed: 'Failing' } as const;

type Panel =
  | { kind: 'test'; id: string; running: boolean; result: ConnectionTestResult | null; error: IpcError | null }
  | { kind: 'rotate'; id: string }
  | { kind: 'edit'; id: string };

export function ConnectionsPage() {
  const { items, loaded, error, load } = useConnections();
  const wizardOpen = useWizard((s) => s.open);
  const [remove, actionError] = useAction((id: string) => floe.connections.delete({ id }), load);
  const [panel, setPanel] = useState<Panel | null>(null);
  useEffect(() => void load(), [load]);

  const names = items.map((c) => c.name);
  const startNew = () => useWizard.getState().startNew(names);

  const test = async (id: string) => {
    setPanel({ kind: 'test', id, running: true, result: null, error: null });
    let next: Panel;
    try {
      next = { kind: 'test', id, running: false, result: await unwrap(floe.connections.test({ id })), error: null };
    } catch (e) {
      next = { kind: 'test', id, running: false, result: null, error: toIpcError(e) };
    }
    setPanel((current) => (current?.kind === 'test' && current.id === id ? next : current));
    await load();
  };

  if (wizardOpen) {
    return (
      <SetupWizard
        onDone={() => {
          setPanel(null);
          void load();
        }}
      />
    );
  }

  const newButton = (
    <button type="button" className="button button-primary" onClick={startNew}>
      New connection
    </button>
  );

  return (
    <>
      <PageHeader
        title="Connections"
        subtitle="Snowflake accounts Floe reads from and loads into."
        actions={items.length > 0 ? newButton : undefined}
      />
      {error && <ErrorNotice error={error} onRetry={load} />}
      {actionError && <ErrorNotice error={actionError} />}
      {loaded && items.length === 0 && (
        <EmptyState title="No Snowflake connection yet" action={newButton}>
          <p>Every sync starts from a Snowflake connection. Setting one up takes three steps:</p>
          <ol>
            <li>Enter your account identifier (for example <code>myorg-myaccount</code>).</li>
            <li>Let Floe generate a key pair; the private key stays in this computer’s keychain.</li>
            <li>Paste the setup SQL Floe writes into a Snowflake worksheet, then test the connection.</li>
          </ol>
        </EmptyState>
      )}
      {items.length > 0 && (
        <table className="table connections-table" aria-label="Connections">
          <thead>
            <tr>
              <th>Name</th>
              <th>Account</th>
              <th>User</th>
              <th>Sign-in</th>
              <th>Status</th>
              <th>Last test</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => {
              const open = panel?.id === c.id ? panel : null;
              const testing = open?.kind === 'test' && open.running;
              return (
                <Fragment key={c.id}>
                  <tr>
                    <td className="strong">{c.name}</td>
                    <td>{c.account}</td>
                    <td>{c.username}</td>
                    <td className="nowrap">{c.authKind === 'keypair' ? 'Key pair' : 'Password'}</td>
                    <td className="nowrap">
                      <span className={`badge badge-${c.status}`} title={c.lastError ?? undefined}>
                        {STATUS_LABEL[c.status]}
                      </span>
                      {c.pendingKeyId && <span className="badge">Rotating key</span>}
                    </td>
                    <td className="nowrap">
                      <TimeAgo at={c.lastTestedAt} />
                    </td>
                    <td className="row-actions">
                      <button type="button" className="button button-quiet" onClick={() => test(c.id)} disabled={testing}>
                        {testing ? 'Testing…' : 'Test'}
                      </button>
                      {c.authKind === 'keypair' && (
                        <button type="button" className="button button-quiet" onClick={() => setPanel({ kind: 'rotate', id: c.id })}>
                          Rotate key
                        </button>
                      )}
                      <button type="button" className="button button-quiet" onClick={() => setPanel({ kind: 'edit', id: c.id })} aria-expanded={open?.kind === 'edit'}>
                        Edit
                      </button>
                      <ConfirmButton
                        label="Delete"
                        confirmLabel={`Delete ${c.name} and its secrets`}
                        onConfirm={async () => {
                          setPanel(null);
                          await remove(c.id);
                        }}
                      />
                    </td>
                  </tr>
                  {open && (
                    <tr className="row-detail">
                      <td colSpan={7}>
                        {open.kind === 'rotate' ? (
                          <RotateKeyPanel connection={c} onChanged={() => void load()} onClose={() => setPanel(null)} />
                        ) : open.kind === 'edit' ? (
                          <ConnectionEditForm
                            connection={c}
                            takenNames={names.filter((n) => n !== c.name)}
                            onSaved={() => {
                              setPanel(null);
                              void load();
                            }}
                            onClose={() => setPanel(null)}
                          />
                        ) : (
                          <RowTest name={c.name} panel={open} onClose={() => setPanel(null)} />
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

function RowTest(props: { name: string; panel: Extract<Panel, { kind: 'test' }>; onClose: () => void }) {
  const { running, result, error } = props.panel;
  return (
    <section className="row-panel" aria-label={`Test of ${props.name}`}>
      {running && (
        <p className="progress" role="progressbar" aria-label={`Testing ${props.name}`}>
          <span className="spinner" aria-hidden="true" />
          Signing in and checking grants…
        </p>
      )}
      {error && <ErrorNotice error={error} />}
      {result?.error && <ErrorNotice error={result.error} />}
      {result && <TestResultView result={result} />}
      {!running && (
        <button type="button" className="button button-quiet" onClick={props.onClose}>
          Close
        </button>
      )}
    </section>
  );
}
