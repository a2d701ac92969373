import type { ConnectionTestResult } from '../../../../shared/schemas';

/** What a passing or failing test read back: the session's context, then each object. */
export function TestResultView(props: { result: ConnectionTestResult }) {
  const r = props.result;
  // A failed sign-in reads nothing back; four empty rows would only add noise.
  const signedIn = r.ok || [r.role, r.warehouse, r.database, r.schema].some((v) => v !== null) || r.objects.length > 0;
  return (
    <div className="test-result">
      <p className={r.ok ? 'test-outcome test-outcome-ok' : 'test-outcome test-outcome-failed'}>
        <span className={r.ok ? 'badge badge-ok' : 'badge badge-failed'}>{r.ok ? 'Passed' : 'Failed'}</span>
        {r.ok ? 'Floe signed in and can read everything it needs.' : 'The connection test failed.'}
        <span className="muted small"> Took {(r.durationMs / 1000).toFixed(1)} s.</span>
      </p>
      {signedIn && (
        <dl className="facts" aria-label="Read back from Snowflake">
          <dt>Role</dt>
          <dd>{r.role ?? <span className="muted">not set</span>}</dd>
          <dt>Warehouse</dt>
          <dd>{r.warehouse ?? <span className="muted">not set</span>}</dd>
          <dt>Database</dt>
          <dd>{r.database ?? <span className="muted">not set</span>}</dd>
          <dt>Schema</dt>
          <dd>{r.schema ?? <span className="muted">not set</span>}</dd>
        </dl>
      )}
      {r.objects.length > 0 && (
        <ul className="object-list" aria-label="Objects">
          {r.objects.map((o) => (
            <li key={o.name} className={o.readable ? 'check check-done' : 'check check-failed'}>
              <code>{o.name}</code>
              <span className={o.readable ? 'muted small' : 'object-problem'}>{o.readable ? 'readable' : (o.problem ?? 'not readable')}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
