import { useId, useRef, useState } from 'react';
import type { DryRunResult } from '../../../../shared/schemas';
import { ErrorNotice } from '../../components/error-notice';
import { RequestView } from '../../components/request-view';
import { rejectionReasons } from '../../lib/request-body';
import { count } from '../runs/run-labels';
import { RowKey } from '../runs/row-key';
import { dryRunHeadline, filterSample, type SampleFilter } from './dry-run-summary';
import { useSyncActivity } from './sync-activity-store';
import './dry-run.css';

const STATUS_TEXT = { send: 'Would send', unchanged: 'Unchanged', rejected: 'Rejected' } as const;

const rowsWord = (n: number) => (n === 1 ? '1 row' : `${count.format(n)} rows`);

/** The filter as the select's value: "all", "status:<status>" or "reason:<index of the reason>". */
function filterValue(filter: SampleFilter, reasons: readonly string[]): string {
  if (filter.kind === 'all') return 'all';
  if (filter.kind === 'status') return `status:${filter.status}`;
  return `reason:${reasons.indexOf(filter.reason)}`;
}

function parseFilter(value: string, reasons: readonly string[]): SampleFilter {
  const [kind, rest] = value.split(/:(.*)/s) as [string, string | undefined];
  if (kind === 'status' && (rest === 'send' || rest === 'unchanged' || rest === 'rejected')) return { kind: 'status', status: rest };
  if (kind === 'reason' && reasons[Number(rest)] !== undefined) return { kind: 'reason', reason: reasons[Number(rest)]! };
  return { kind: 'all' };
}

/**
 * A dry run's result: its verdict, why rows would be rejected (each reason with its count and a
 * way to its rows), the sample rows, and the exact requests. For a saved sync's dry run and for
 * the editor's unsaved draft alike.
 */
export function DryRunResultView(props: { result: DryRunResult; primaryKey: readonly string[] }) {
  const { result } = props;
  const groups = rejectionReasons(result.rows);
  const reasons = groups.map((g) => g.reason);
  // A filter belongs to the result it was picked for: a new dry run starts with every row shown.
  const [choice, setChoice] = useState<{ result: DryRunResult; filter: SampleFilter } | null>(null);
  const filter: SampleFilter = choice?.result === result ? choice.filter : { kind: 'all' };
  const setFilter = (next: SampleFilter) => setChoice({ result, filter: next });
  const sampleRef = useRef<HTMLDetailsElement>(null);
  const filterId = useId();
  const shown = filterSample(result.rows, filter);
  const headline = dryRunHeadline(result.counts, result.problems.length);
  const showReason = (reason: string) => {
    setFilter({ kind: 'reason', reason });
    const sample = sampleRef.current;
    if (sample) {
      sample.open = true;
      sample.scrollIntoView({ block: 'nearest' });
    }
  };

  return (
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
      {groups.length === 0 && (
        <p className={`notice notice-${headline.tone}`} data-testid="dry-headline">
          {headline.text}
        </p>
      )}
      {result.problems.length > 0 && (
        <div className="notice notice-warn" role="alert">
          <p className="notice-title">Problems to fix before running</p>
          <ul>
            {result.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {groups.length > 0 && (
        <section className="notice notice-warn dry-run-reasons" aria-label="Why rows would be rejected">
          <p className="notice-title" data-testid="dry-headline">
            {headline.text}
          </p>
          <table className="table table-compact reasons-table" aria-label="Rejection reasons">
            <thead>
              <tr>
                <th>Why</th>
                <th className="num">Rows</th>
                <th>
                  <span className="visually-hidden">Rows of this reason</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.reason}>
                  <td className="reason-cell">{g.reason}</td>
                  <td className="num" data-testid="group-rows">
                    {count.format(g.rows)}
                  </td>
                  <td className="row-actions">
                    <button type="button" className="button" aria-label={`Show the ${rowsWord(g.rows)}: ${g.reason}`} onClick={() => showReason(g.reason)}>
                      Show {g.rows === 1 ? 'it' : `these ${count.format(g.rows)}`}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.counts.rejected < result.counts.read && (
            <p>A run sends the other rows and keeps these with their reason, to offer again once the data or the mapping is fixed.</p>
          )}
        </section>
      )}
      <details className="disclosure" open ref={sampleRef}>
        <summary>
          Sample rows ({shown.length === result.rows.length ? result.rows.length : `${shown.length} of ${result.rows.length}`})
        </summary>
        <div className="sample-filter">
          <label htmlFor={filterId}>Show rows</label>
          <select id={filterId} className="input" value={filterValue(filter, reasons)} onChange={(e) => setFilter(parseFilter(e.target.value, reasons))}>
            <option value="all">All rows</option>
            <option value="status:send">Would send ({count.format(result.counts.send)})</option>
            <option value="status:unchanged">Unchanged ({count.format(result.counts.unchanged)})</option>
            <option value="status:rejected">Rejected ({count.format(result.counts.rejected)})</option>
            {groups.map((g, i) => (
              <option key={g.reason} value={`reason:${i}`}>
                Rejected: {g.reason} ({count.format(g.rows)})
              </option>
            ))}
          </select>
        </div>
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
              {shown.map((r) => (
                <tr key={r.index} className={r.status === 'rejected' ? 'row-rejected' : undefined}>
                  <td className="num">{r.index}</td>
                  <td>{r.key === null ? <span className="muted">—</span> : <RowKey rowKey={r.key} reason={r.reason} primaryKey={props.primaryKey} />}</td>
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
  );
}

/** A dry run's outcome: what would be sent, what would be rejected and why, and the exact requests. Nothing was sent. */
export function DryRunView() {
  const { dryRun, closeDryRun } = useSyncActivity();
  if (!dryRun) return null;
  const { result } = dryRun;
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
      {result && <DryRunResultView result={result} primaryKey={dryRun.primaryKey} />}
    </section>
  );
}
