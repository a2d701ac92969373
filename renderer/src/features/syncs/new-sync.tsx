import { useEffect } from 'react';
import type { Connection, Destination } from '../../../../shared/schemas';
import { useNav } from '../../app/routes';
import { SyncEditor } from './sync-editor';
import { useSyncForm } from './sync-form-store';
import { useSyncs } from './syncs-store';

/**
 * `#/syncs/new`: a new sync in the editor's steps, nothing saved until Save; the sole connection
 * and destination are chosen already. Saved, it opens on its own page.
 */
export function NewSync(props: { connections: Connection[]; destinations: Destination[]; loaded: boolean }) {
  const form = useSyncForm();
  const go = useNav((s) => s.go);
  const { open, editing, start } = form;
  const { connections, destinations, loaded } = props;
  useEffect(() => {
    // Once the lists are in, so a sole connection or destination can be chosen; a draft being built stays.
    if (!loaded || (open && !editing)) return;
    start({ connectionId: connections.length === 1 ? connections[0]!.id : '' }, destinations.length === 1 ? destinations[0] : undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded]);
  if (!open || editing) return null;
  return (
    <SyncEditor
      connections={connections}
      destinations={destinations}
      onCancel={() => {
        form.close();
        go('syncs');
      }}
      onSaved={(sync) => {
        // Its page reads it from the list: the list has it first.
        void useSyncs
          .getState()
          .load()
          .then(() => go('syncs', sync.id));
      }}
    />
  );
}
