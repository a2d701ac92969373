import { describeSchedule } from '../../../../shared/schedule';
import type { Connection, Destination } from '../../../../shared/schemas';
import { DryRunView } from './dry-run-view';
import { readSchedule } from './schedule-values';
import { useSyncActivity } from './sync-activity-store';
import { draftSignature, useSyncForm } from './sync-form-store';
import { STRATEGY_LABEL } from './sync-labels';

const fieldCount = (n: number) => (n === 1 ? '1 field' : `${n} fields`);

/** The draft in a few lines, to read over before the dry run and the save. */
function Summary(props: { connections: Connection[]; destinations: Destination[] }) {
  const f = useSyncForm();
  const nameOf = (items: Array<{ id: string; name: string }>, id: string) => items.find((item) => item.id === id)?.name ?? 'not chosen';
  const schedule = readSchedule(f.schedule).schedule;
  const others = f.passThrough ? (f.passThroughTo ? `, other columns inside ${f.passThroughTo}` : ', other columns as they are') : '';
  return (
    <dl className="facts draft-summary" aria-label="Draft">
      <dt>Name</dt>
      <dd>{f.name.trim() || <span className="muted">not named yet</span>}</dd>
      <dt>Reads</dt>
      <dd>
        {f.query.trim() ? <code className="draft-query">{f.query.trim().replace(/\s+/g, ' ')}</code> : <span className="muted">no query yet</span>} on{' '}
        {nameOf(props.connections, f.connectionId)}
      </dd>
      <dt>Sends to</dt>
      <dd>
        {nameOf(props.destinations, f.destinationId)}
        {f.type && ` as ${f.type.label.toLowerCase()}`}
      </dd>
      <dt>Mapping</dt>
      <dd>
        {fieldCount(f.rules.length)}
        {others}
      </dd>
      <dt>Each run</dt>
      <dd>
        {STRATEGY_LABEL[f.strategy]}
        {f.primaryKey.length > 0 && `, keyed by ${f.primaryKey.join(', ')}`}
      </dd>
      <dt>Runs</dt>
      <dd>
        {schedule ? describeSchedule(schedule) : <span className="field-error">the schedule needs fixing</span>}
        {!f.enabled && ' (saved paused)'}
      </dd>
    </dl>
  );
}

/** The last step: the draft read over, its dry run (nothing sent, nothing saved), then save. */
export function ReviewStep(props: { connections: Connection[]; destinations: Destination[] }) {
  const f = useSyncForm();
  const dryRun = useSyncActivity((s) => s.dryRun);
  const running = dryRun?.loading ?? false;
  const stale = f.dryRunOf !== null && dryRun !== null && f.dryRunOf !== draftSignature(f);
  return (
    <>
      <Summary connections={props.connections} destinations={props.destinations} />
      <div className="step-toolbar">
        <button type="button" className={f.dryRunOf ? 'button' : 'button button-primary'} onClick={() => void f.dryRun()} disabled={running}>
          {f.dryRunOf ? 'Dry run again' : 'Dry run this draft'}
        </button>
        <span className="muted small">A sample of 100 rows, mapped and checked as a run would. Nothing is sent, and nothing is saved.</span>
      </div>
      {stale && (
        <p className="notice notice-warn" role="status">
          The draft changed after this dry run: dry-run it again to see what a run would send now.
        </p>
      )}
      {f.dryRunOf && <DryRunView />}
    </>
  );
}
