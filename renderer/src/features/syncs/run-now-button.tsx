import { href } from '../../app/routes';
import './sync-page.css';

/**
 * Run now, or, while the sync runs, "Running…" leading to the live run: a sync runs once at a
 * time, so a second Run now could only be refused.
 */
export function RunNowButton(props: { activeRunId: string | null | undefined; onRun: () => void }) {
  if (props.activeRunId) {
    return (
      <a className="button button-running" href={href('runs', props.activeRunId)} title="This sync is running: open the live run">
        Running…
      </a>
    );
  }
  return (
    <button type="button" className="button button-primary" onClick={props.onRun}>
      Run now
    </button>
  );
}
