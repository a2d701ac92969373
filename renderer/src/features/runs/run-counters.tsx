import type { RunCounters } from '../../../../shared/schemas';
import { count, formatBytes } from './run-labels';

const PARTS = [
  ['sent', 'Sent'],
  ['rejected', 'Rejected'],
  ['unchanged', 'Unchanged'],
  // Rows the run never delivered (it stopped, or was cancelled): nobody refused them, so they are
  // not "rejected", and they stay pending for the next run. The counter's name in data is skipped.
  ['skipped', 'Not sent'],
] as const;

/** The run's counters, laid out as the invariant they obey: read = sent + rejected + unchanged + not sent. */
export function RunCountersView(props: { counters: RunCounters; label?: string }) {
  const c = props.counters;
  const holds = c.read === c.sent + c.rejected + c.unchanged + c.skipped;
  return (
    <section className="counters" aria-label={props.label ?? 'Counters'}>
      <dl className="counter-row">
        <div className="counter counter-read">
          <dt>Read</dt>
          <dd data-testid="counter-read">{count.format(c.read)}</dd>
        </div>
        {PARTS.map(([key, label]) => (
          <div key={key} className={`counter counter-part counter-${key}${c[key] > 0 ? ' counter-nonzero' : ''}`}>
            <dt>{label}</dt>
            <dd data-testid={`counter-${key}`}>{count.format(c[key])}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">
        {holds
          ? 'Every row read is accounted for: read = sent + rejected + unchanged + not sent.'
          : 'Still counting: rows in flight are not yet counted as sent, rejected, unchanged or not sent.'}{' '}
        {c.skipped > 0 && 'Rows not sent were never delivered: they are sent again by the next run. '}
        Deletes sent: <span data-testid="counter-deleted">{count.format(c.deleted)}</span>. Data sent: {formatBytes(c.bytesSent)}.
      </p>
    </section>
  );
}
