import { ErrorNotice } from '../../components/error-notice';
import { RequestView } from '../../components/request-view';
import { rejectionReasons } from '../../lib/request-body';
import { count } from '../runs/run-labels';
import { useSyncActivity } from './sync-activity-store';

const STATUS_TEXT = { send: 'Would send', unchanged: 'Unchanged', rejected: 'Rejected' } as const;

/** A dry run's outcome: what would be sent, what would be rejected and why, and the exact requests. Nothing was sent. */
export function DryRunView() {
  const { dryRun, closeDryRun } = useSyncActivity();
  if (!dryRun) return null;
  const { result } = dryRun;
  const reasons = result ? rejectionReasons(result.rows) : [];
  return (
    <section className="card run-panel" aria-label="Dry run">
      <header className="run-panel-header">
        <h2>Dry run of {dryRun.syncName}</h2>
        <button type="button" className="button button-quiet" onClick={closeDryRun}>
          Close dry run
        </button>
      </header>
      <p className="muted">A sample of the query’s rows, mapped and checked. Nothing is sent and no state changes.</p>
      {dryRun.loading && (
        <p className="progress" role="status">
          <span className="spinner" aria-hidden="true" /> Reading a sample and building the requests…
        </p>
      )}
      {dryRun.error && <ErrorNotice error={dryRun.error} />}
      {result && (
        <>
          <dl className="counter-row dry-run-counts" aria-label="Dry run counts">
            <div className="counter">
              <dt>Sampled</dt>
              <dd data-testid="dry-read">{count.format(result.counts.read)}</dd>
            </div>
            <div className={result.counts.send > 0 ? 'counter counter-sent counter-nonzero' : 'counter counter-sent'}>
              <dt>Would send</dt>
              <dd data-testid="dry-send">{count.format(result.counts.send)}</dd>
            </div>
            <div className="counter counter-unchanged">
              <dt>Unchanged</dt>
              <dd data-testid="dry-unchanged">{count.format(result.counts.unchanged)}</dd>
            </div>
            <div className={result.counts.rejected > 0 ? 'counter counter-rejected counter-nonzero' : 'counter counter-rejected'}>
              <dt>Rejected</dt>
              <dd data-testid="dry-rejected">{count.format(result.counts.rejected)}</dd>
            </div>
          </dl>
          {result.problems.length > 0 ? (
            <div className="notice notice-warn" role="alert">
              <p className="notice-title">Problems to fix before running</p>
              <ul>
                {result.problems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="notice notice-ok">No problems found in the sample.</p>
          )}
          {reasons.length > 0 && (
            <section className="notice notice-warn" aria-label="Why rows would be rejected">
              <p className="notice-title">Why rows would be rejected</p>
              <ul>
                {reasons.map((r) => (
                  <li key={r.reason}>
                    {r.reason} <span className="muted">({r.rows === 1 ? '1 row' : `${count.format(r.rows)} rows`})</span>
                  </li>
                ))}
              </ul>
              <p>A run sends the other rows and keeps these with their reason, to retry once the data or the mapping is fixed.</p>
            </section>
          )}
          <details className="disclosure" open>
            <summary>Sample rows ({result.rows.length})</summary>
            <div className="table-scroll">
              <table className="table table-compact" aria-label="Sample rows">
                <thead>
                  <tr>
                    <th className="num">#</th>
                    <th>Key</th>
                    <th>Status</th>
                    <th>Reason</th>
                    <th>Payload</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rows.map((r) => (
                    <tr key={r.index} className={r.status === 'rejected' ? 'row-rejected' : undefined}>
                      <td className="num">{r.index}</td>
                      <td className="mono-cell">{r.key ?? '—'}</td>
                      <td>
                        <span className={`badge badge-row-${r.status}`}>{STATUS_TEXT[r.status]}</span>
                      </td>
                      <td>{r.reason ?? <span className="muted">—</span>}</td>
                      <td className="mono-cell payload-cell">{r.payload ? JSON.stringify(r.payload) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
          <h3>Requests that would be sent ({result.requests.length})</h3>
          {result.requests.length === 0 && <p className="muted">No request: nothing in the sample needs sending.</p>}
          {result.requests.map((req, i) => (
            <RequestView key={i} request={req} label={`Request ${i + 1} body`} />
          ))}
        </>
      )}
    </section>
  );
}
