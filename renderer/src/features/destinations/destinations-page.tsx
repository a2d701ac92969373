import { Fragment, useEffect, useMemo, useState } from 'react';
import { ConfirmButton } from '../../components/confirm-button';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { ListSearch, NoSearchMatch } from '../../components/list-search';
import { PageHeader } from '../../components/page-header';
import { TimeAgo } from '../../components/time-ago';
import { floe } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { availableDescriptors, kindLabel, targetOf } from '../../../../shared/destinations';
import { DestinationForm } from './destination-form';
import { useDestinationForm } from './destination-form-store';
import { searchDestinations } from './destination-search';
import { useDestinationTest } from './destination-test-store';
import { DestinationTestView, TestButton } from './destination-test-view';
import { useDestinations } from './destinations-store';
import { kindForm } from './kinds';

export function DestinationsPage() {
  const { items, loaded, error, load } = useDestinations();
  const form = useDestinationForm();
  const test = useDestinationTest();
  const [search, setSearch] = useState('');
  const shown = useMemo(() => searchDestinations(items, search), [items, search]);
  const [remove, actionError] = useAction((id: string) => floe.destinations.delete({ id }), load);
  useEffect(() => void load(), [load]);
  const { open, saved } = form;
  useEffect(() => {
    if (!open && saved) void load();
  }, [open, saved, load]);

  return (
    <>
      <PageHeader
        title="Destinations"
        subtitle="Where synced rows go: apps, HTTP endpoints and files."
        actions={
          !form.open && (
            <button type="button" className="button button-primary" onClick={form.start}>
              New destination
            </button>
          )
        }
      />
      {error && <ErrorNotice error={error} onRetry={load} />}
      {actionError && <ErrorNotice error={actionError} />}
      {form.open && <DestinationForm />}
      {!form.open && form.saved && (
        <p className="notice notice-ok" role="status">
          {form.saved}
        </p>
      )}
      {!form.open && loaded && items.length === 0 && (
        <EmptyState title="No destination yet">
          <p>A destination is where a sync delivers rows. This version of Floe sends to:</p>
          <ul>
            {availableDescriptors().map((d) => (
              <li key={d.kind}>
                <strong>{d.label}</strong>: {d.summary}
              </li>
            ))}
          </ul>
          <p>Add one with New destination. An API key, token or password it needs goes to this computer’s keychain, never into Floe’s database.</p>
        </EmptyState>
      )}
      {!form.open && items.length > 0 && (
        <ListSearch label="Search destinations" value={search} onChange={setSearch} shown={shown.length} total={items.length} noun="destinations" />
      )}
      {!form.open && items.length > 0 && shown.length === 0 && <NoSearchMatch noun="destination" search={search} onClear={() => setSearch('')} />}
      {!form.open && shown.length > 0 && (
        <table className="table" aria-label="Destinations">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Sends to</th>
              <th>Added</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => {
              const kind = kindForm(d.kind);
              const testEvent = kind.testEvent;
              const noun = kind.testNoun ?? 'event';
              const testing = test.id === d.id && test.sending;
              return (
                <Fragment key={d.id}>
                  <tr>
                    <td className="strong">{d.name}</td>
                    <td>{kindLabel(d.kind)}</td>
                    <td className="mono-cell">{targetOf(d.kind, d.settings)}</td>
                    <td>
                      <TimeAgo at={d.createdAt} />
                    </td>
                    <td className="row-actions">
                      {testEvent && <TestButton name={d.name} noun={noun} stores={kind.testStores} sending={testing} onSend={() => void test.send(d.id)} />}
                      <button type="button" className="button" onClick={() => void form.edit(d)}>
                        Edit
                      </button>
                      <ConfirmButton
                        label="Delete"
                        confirmLabel={`Delete ${d.name} and its secrets`}
                        onConfirm={async () => {
                          if (test.id === d.id) test.close();
                          await remove(d.id);
                        }}
                      />
                    </td>
                  </tr>
                  {testEvent && test.id === d.id && (
                    <tr className="row-detail">
                      <td colSpan={5}>
                        <DestinationTestView name={d.name} noun={noun} sends={testEvent} />
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
