import { useEffect, useMemo, useState } from 'react';
import type { IpcError, MappedRow } from '../../../../shared/ipc';
import { floe, toIpcError, unwrap } from '../../lib/api';
import { toMapping, useSyncForm } from './sync-form-store';

/** Edits come in keystrokes: core is asked once typing pauses. */
const SETTLE_MS = 200;

type Shown = { kind: 'mapped'; row: MappedRow } | { kind: 'error'; error: IpcError } | { kind: 'waiting' };

/**
 * The preview's first row as the mapping makes it, beside the mapping and updated as it changes:
 * mapped by core as a run maps it (with the destination's own checks), so what it shows is what
 * a run would send, or why a run would reject the row.
 */
export function MappedPayload() {
  const f = useSyncForm();
  const row = f.preview && !f.preview.error ? f.preview.rows[0] : undefined;
  const { rules, passThrough, passThroughTo, destinationId, dataType } = f;
  const mapping = useMemo(() => toMapping({ rules, passThrough, passThroughTo }), [rules, passThrough, passThroughTo]);
  // A rule not filled in yet has nothing to map; the editor says what it lacks.
  const unfinished = rules.some((r) => !r.target.trim() || (r.from === 'column' && !r.source.trim()));
  const ready = row && destinationId && dataType && !unfinished;
  const [shown, setShown] = useState<Shown>({ kind: 'waiting' });

  useEffect(() => {
    if (!ready) return;
    let current = true;
    const timer = setTimeout(() => {
      unwrap(floe.syncs.mapRow({ row, mapping, destinationId, dataType })).then(
        (mapped) => current && setShown({ kind: 'mapped', row: mapped }),
        (e: unknown) => current && setShown({ kind: 'error', error: toIpcError(e) }),
      );
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [ready, row, mapping, destinationId, dataType]);

  let body: React.JSX.Element;
  if (!row) body = <p className="muted">Preview the query (step 1) to see its first row as the destination would get it.</p>;
  else if (!destinationId || !dataType) body = <p className="muted">Choose the destination (step 2) to see the row as it would get it.</p>;
  else if (unfinished) body = <p className="muted">Name each field and pick its column to see the row mapped.</p>;
  else if (shown.kind === 'waiting') body = <p className="muted">Mapping the first row…</p>;
  else if (shown.kind === 'error') body = <p className="field-error">{shown.error.message}</p>;
  else if (shown.row.reason) {
    body = (
      <div className="notice notice-warn" role="status">
        <p className="notice-title">A run would reject this row</p>
        <p>{shown.row.reason}</p>
      </div>
    );
  } else {
    body = (
      <pre className="code-block-body mapped-payload-body" tabIndex={0} aria-label="First row mapped">
        <code>{JSON.stringify(shown.row.payload, null, 2)}</code>
      </pre>
    );
  }
  return (
    <aside className="mapped-payload" aria-label="First row, mapped">
      <h3>First row, mapped</h3>
      <p className="muted small">What this mapping makes of the preview’s first row, as you edit it. The dry run (step 5) shows the exact requests.</p>
      {body}
    </aside>
  );
}
