import { useEffect, useId, useState } from 'react';
import type { IpcError } from '../../../../shared/ipc';
import type { RejectedGroup, RejectedGroups, RejectedRow, RunStatus } from '../../../../shared/schemas';
import { ErrorNotice } from '../../components/error-notice';
import { floe, toIpcError, unwrap } from '../../lib/api';
import { rejectedSummary, retryAdvice } from './rejected-summary';
import { useRunDetail } from './run-detail-store';
import { count } from './run-labels';
import { RowKey } from './row-key';
import { FINAL_STATUSES } from './use-live-run';

/** How many rows the list shows at once; the groups' counts are over every row. */
const ROWS_LIMIT = 200;

/** A group in one line: what the destination said when it said something, else the reason. */
const groupLabel = (g: Pick<RejectedGroup, 'reason' | 'destinationMessage'>) => g.destinationMessage ?? g.reason;

/** A group's identity across reloads (its place in the list may change). */
const groupKey = (g: Pick<RejectedGroup, 'reason' | 'destinationMessage'>) => JSON.stringify([g.reason, g.destinationMessage]);


/** One line per reason: how many rows, how many can be retried, the first rows, and a way to list them. */
function ReasonsTable(props: { groups: RejectedGroup[]; primaryKey: readonly string[] | null; onShow: (key: string) => void }) {
  return (
    <div className="rejected-groups-scroll">
      <table className="table table-compact rejected-groups" aria-label="Rejection reasons">
        <thead>
          <tr>
            <th>Why</th>
            <th className="num">Rows</th>
            <th className="num">Retryable</th>
            <th>First rows</th>
            <th>
              <span className="visually-hidden">Rows of this reason</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.groups.map((g) => (
            <tr key={groupKey(g)}>
              <td className="reason-cell">
                {g.destinationMessage ? (
                  <>
                    <span className="strong">{g.destinationMessage}</span>
                    <span className="run-sub">{g.reason}</span>
                  </>
                ) : (
                  <span className="strong">{g.reason}</span>
                )}
                {g.open < g.rows && <span className="run-sub">{count.format(g.rows - g.open)} delivered by a later run</span>}
              </td>
              <td className="num" data-testid="group-rows">
                {count.format(g.rows)}
              </td>
              <td className="num">{g.retryable > 0 ? count.format(g.retryable) : <span className="muted">No</span>}</td>
              <td className="first-rows">
                {g.first.map((row) => (
                  <span key={row.id} className="first-row">
                    <RowKey rowKey={row.rowKey} reason={row.reason} primaryKey={props.primaryKey} />
                  </span>
                ))}
                {g.rows > g.first.length && <span className="run-sub">and {count.format(g.rows - g.first.length)} more</span>}
              </td>
              <td className="row-actions">
                <button type="button" className="button" aria-label={`Show the ${count.format(g.rows)} rows: ${groupLabel(g)}`} onClick={() => props.onShow(groupKey(g))}>
                  Show rows
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RowsTable(props: { rows: RejectedRow[]; primaryKey: readonly string[] | null }) {
  return (
    <div className="rejected-rows-scroll">
      <table className="table table-compact" aria-label="Rejected rows">
        <thead>
          <tr>
            <th>Row key</th>
            <th>Reason</th>
            <th>Destination said</th>
            <th>Retryable</th>
            <th>Resolved</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.id} className={r.resolvedBy ? undefined : 'row-rejected'}>
              <td>
                <RowKey rowKey={r.rowKey} reason={r.reason} primaryKey={props.primaryKey} />
              </td>
              <td>{r.reason}</td>
              <td className="reason-cell">{r.destinationMessage ?? <span className="muted">—</span>}</td>
              <td>{r.retryable ? 'Yes' : 'No'}</td>
              <td>{r.resolvedBy ? <span className="badge badge-ok">By a later run</span> : <span className="badge badge-failed">Open</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A run's rejected rows, grouped by reason (counted by core over every row), a filter by reason,
 * and the rows themselves with their keys as the primary key's columns and values. Retry is
 * offered only when some open row can be retried: a row the destination or the mapping refused
 * would be refused again as it is.
 */
export function RejectedRows(props: { runId: string; status: RunStatus; primaryKey: readonly string[] | null }) {
  const [groups, setGroups] = useState<RejectedGroups | null>(null);
  const [rows, setRows] = useState<RejectedRow[] | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [retrying, setRetrying] = useState(false);
  const open = useRunDetail((s) => s.open);
  const filterId = useId();
  const { runId, status } = props;

  useEffect(() => {
    let current = true;
    unwrap(floe.runs.rejectedGroups({ runId, perGroup: 3 })).then(
      (g) => current && setGroups(g),
      (e: unknown) => current && setError(toIpcError(e)),
    );
    return () => {
      current = false;
    };
  }, [runId, status]);

  const group = picked === null ? null : (groups?.groups.find((g) => groupKey(g) === picked) ?? null);
  const reason = group?.reason;
  const destinationMessage = group?.destinationMessage;
  useEffect(() => {
    let current = true;
    const only = reason === undefined ? {} : { reason, destinationMessage };
    unwrap(floe.runs.rejected({ runId, limit: ROWS_LIMIT, ...only })).then(
      (r) => current && setRows(r),
      (e: unknown) => current && setError(toIpcError(e)),
    );
    return () => {
      current = false;
    };
  }, [runId, status, reason, destinationMessage]);

  const retry = async () => {
    setRetrying(true);
    try {
      const next = await unwrap(floe.runs.retryRejected({ runId }));
      open(next.id);
    } catch (e) {
      setError(toIpcError(e));
    } finally {
      setRetrying(false);
    }
  };

  const total = groups?.total;
  const canRetry = !!total && total.retryable > 0 && FINAL_STATUSES.has(status);
  const listed = group ? group.rows : (total?.rows ?? 0);

  return (
    <section className="subsection rejected" aria-label="Rejected rows">
      <div className="section-header">
        <h3>Rejected rows</h3>
        {canRetry && (
          <button type="button" className="button button-primary" onClick={() => void retry()} disabled={retrying}>
            Retry rejected rows
          </button>
        )}
      </div>
      {error && <ErrorNotice error={error} />}
      {total && total.rows === 0 && <p className="muted">No row was rejected.</p>}
      {groups && total && total.rows > 0 && (
        <>
          <p data-testid="rejected-summary">
            {rejectedSummary(total)} {retryAdvice(total)}
          </p>
          {props.primaryKey?.length === 0 && (
            <p className="muted small">
              This sync has no primary key: a row is named by a digest of its mapped values, or by its place in the run when it could not be mapped.
            </p>
          )}
          <ReasonsTable groups={groups.groups} primaryKey={props.primaryKey} onShow={setPicked} />
          {total.groups > groups.groups.length && (
            <p className="muted small">The {count.format(groups.groups.length)} reasons with the most rows; pick one above or below to see its rows.</p>
          )}
          <div className="rejected-filter">
            <label htmlFor={filterId}>Reason</label>
            <select id={filterId} className="input" value={group ? picked! : ''} onChange={(e) => setPicked(e.target.value === '' ? null : e.target.value)}>
              <option value="">All reasons ({count.format(total.rows)})</option>
              {groups.groups.map((g) => (
                <option key={groupKey(g)} value={groupKey(g)}>
                  {groupLabel(g)} ({count.format(g.rows)})
                </option>
              ))}
            </select>
          </div>
          {rows && <RowsTable rows={rows} primaryKey={props.primaryKey} />}
          {rows && listed > rows.length && (
            <p className="muted small">
              The first {count.format(rows.length)} of {count.format(listed)} rows.
            </p>
          )}
        </>
      )}
    </section>
  );
}
