import { useEffect, useState } from 'react';
import type { IpcError } from '../../../../shared/ipc';
import type { RunBatches } from '../../../../shared/schemas';
import { ErrorNotice } from '../../components/error-notice';
import { floe, toIpcError, unwrap } from '../../lib/api';
import { batchesHeadline, duplicatesNote, receiptsNote, statusCounts, type RunDestination } from './run-batches';
import { count } from './run-labels';

/** Rows the destination may hold twice; nothing when there are none. */
export function PossiblyDuplicated(props: { count: number; destination: RunDestination | null }) {
  if (props.count === 0) return null;
  return (
    <p className="notice notice-warn run-duplicates" role="note" data-testid="run-maybe-duplicated">
      <strong>Possibly duplicated: {count.format(props.count)}</strong>
      <br />
      {duplicatesNote(props.destination)}
    </p>
  );
}

/** What the destination answered for each request of the run; nothing when it gave no receipts. */
export function BatchReceipts(props: { batches: RunBatches; destination: RunDestination | null }) {
  const { summary, receipts } = props.batches;
  if (summary.batches === 0) return null;
  return (
    <section className="subsection" aria-label="Batches">
      <h3>Batches</h3>
      <p className="run-batches-summary">
        <span data-testid="run-batches-count">{batchesHeadline(props.batches)}</span>
        {statusCounts(summary).map((s) => (
          <span key={s.status} className={`badge ${s.ok ? 'badge-ok' : 'badge-failed'}`}>
            HTTP {s.status} × {count.format(s.count)}
          </span>
        ))}
      </p>
      <p className="muted small">{receiptsNote(props.destination)}</p>
      <div className="run-batches-scroll">
        <table className="table table-compact" aria-label="Batch receipts">
          <thead>
            <tr>
              <th className="num">Batch</th>
              <th className="num">Status</th>
              <th className="num">Records</th>
              <th>Receipt id</th>
              <th>Warnings</th>
            </tr>
          </thead>
          <tbody>
            {receipts.map((r) => (
              <tr key={r.seq}>
                <td className="num">{r.seq}</td>
                <td className="num">{r.status}</td>
                <td className="num">{count.format(r.records)}</td>
                <td className="mono-cell">{r.receiptId ?? <span className="muted">none given</span>}</td>
                <td>
                  {r.warnings.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="run-batch-warnings">
                      {r.warnings.map((w, i) => (
                        <li key={i}>{w}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The run's receipts from core, fetched again when its status changes (a running run adds more). */
export function RunBatchesSection(props: { runId: string; status: string; destination: RunDestination | null }) {
  const [batches, setBatches] = useState<RunBatches | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    let current = true;
    unwrap(floe.runs.batches({ runId: props.runId })).then(
      (b) => current && setBatches(b),
      (e: unknown) => current && setError(toIpcError(e)),
    );
    return () => {
      current = false;
    };
  }, [props.runId, props.status]);

  if (error) return <ErrorNotice error={error} />;
  return batches && <BatchReceipts batches={batches} destination={props.destination} />;
}
