import type { Run } from '../../../../shared/schemas';
import { count } from './run-labels';

/**
 * The row counts of a run in a list (the Runs page and a sync's Runs tab): read, sent, rejected,
 * unchanged and not sent, so a run whose rows never left (the destination down) does not read as
 * "0 sent, 0 rejected" with nothing else to say where they went.
 */
export function RunCountHeaders() {
  return (
    <>
      <th className="num col-read">Read</th>
      <th className="num">Sent</th>
      <th className="num">Rejected</th>
      <th className="num">Unchanged</th>
      <th className="num" title="Rows read but never delivered: the next run sends them">
        Not sent
      </th>
    </>
  );
}

export function RunCountCells(props: { run: Run }) {
  const c = props.run.counters;
  return (
    <>
      <td className="num col-read">{count.format(c.read)}</td>
      <td className="num">{count.format(c.sent)}</td>
      <td className="num">{count.format(c.rejected)}</td>
      <td className="num">{count.format(c.unchanged)}</td>
      {/* The counter is named skipped in data; to a user these rows are not sent, and pending. */}
      <td className="num">{count.format(c.skipped)}</td>
    </>
  );
}

/** Why a listed run ended as it did, in a line under it: its note, or what stopped it. */
export const runWhy = (run: Run): string | null =>
  run.note ?? (run.status === 'skipped' || run.status === 'failed' || run.status === 'cancelled' ? (run.error?.message ?? null) : null);

/** That line, two lines at most (the whole in its title and on the run's page); nothing when there is no why. */
export function RunWhy(props: { run: Run }) {
  const why = runWhy(props.run);
  return why ? (
    <span className="run-why" title={why}>
      {why}
    </span>
  ) : null;
}
