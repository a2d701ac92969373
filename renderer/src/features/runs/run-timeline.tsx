import { useEffect, useState } from 'react';
import { ErrorNotice } from '../../components/error-notice';
import { formatDuration } from './run-labels';
import { timelineEntries } from './timeline';
import { useRunTimeline } from './use-run-timeline';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Ticks each second while the run is active, so the current step's time grows. */
function useTicking(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** What happened to the run, step by step: queued, waits, phases, retries, the end. */
export function RunTimeline(props: { runId: string; active: boolean }) {
  const { events, error, refresh } = useRunTimeline(props.runId, props.active);
  const now = useTicking(props.active);
  const entries = events ? timelineEntries(events, { active: props.active, now }) : [];

  return (
    <section className="subsection" aria-label="Timeline">
      <h3>Timeline</h3>
      {error && <ErrorNotice error={error} onRetry={refresh} />}
      {events && events.length === 0 && <p className="muted">Nothing recorded for this run yet.</p>}
      {entries.length > 0 && (
        <ol className="timeline" aria-label="Timeline entries">
          {entries.map((entry, i) => (
            <li
              key={`${entry.at}-${i}`}
              className={`timeline-entry timeline-${entry.tone}${entry.current ? ' timeline-current' : ''}`}
              data-kind={entry.kind}
              aria-current={entry.current ? 'step' : undefined}
            >
              <time className="timeline-time" dateTime={entry.at} title={new Date(entry.at).toLocaleString()}>
                {clock.format(new Date(entry.at))}
              </time>
              <span className="timeline-marker" aria-hidden="true" />
              <div className="timeline-body">
                <p className="timeline-label">
                  {entry.label}
                  {entry.tookMs !== null && (
                    <span className="timeline-took">
                      {entry.current ? ' · for ' : ' · took '}
                      {formatDuration(entry.tookMs)}
                    </span>
                  )}
                  {i > 0 && <span className="timeline-offset"> · +{formatDuration(entry.offsetMs)}</span>}
                </p>
                {!entry.repeatsLabel && <p className="timeline-message">{entry.text}</p>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
