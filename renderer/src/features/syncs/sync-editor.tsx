import { useEffect, useRef, type FormEvent } from 'react';
import type { Connection, Destination, Sync } from '../../../../shared/schemas';
import { ErrorNotice } from '../../components/error-notice';
import { EDITOR_STEPS, neighbour, problemsByStep, stepsInWords, type StepId } from './editor-steps';
import { MappedPayload } from './mapped-payload';
import { MappingEditor } from './mapping-editor';
import { ReviewStep } from './review-step';
import { DestinationSection, QuerySection, ScheduleSection, SourceFields, StrategySection } from './sync-form';
import { useSyncForm } from './sync-form-store';
import './sync-editor.css';

const INTRO: Record<StepId, string> = {
  query: 'Write the query this sync reads and preview it: its first rows and each column’s type.',
  destination: 'Where the rows go, and what each row becomes there.',
  mapping: 'Which column fills which field. The preset for the data type is the start; the first row is mapped beside it as you edit.',
  strategy: 'What each run sends, and when it runs.',
  review: 'Dry-run the draft to see exactly what a run would send, then save it. Nothing is saved until you save.',
};

function Steps(props: { current: StepId; problems: Record<StepId, number>; onGo: (step: StepId) => void }) {
  const index = EDITOR_STEPS.findIndex((s) => s.id === props.current);
  return (
    <nav className="stepper editor-steps" aria-label="Steps">
      <ol>
        {EDITOR_STEPS.map((s, i) => (
          <li key={s.id}>
            <button
              type="button"
              className={`stepper-item${i === index ? ' stepper-current' : i < index ? ' stepper-done' : ''}${props.problems[s.id] ? ' stepper-problem' : ''}`}
              aria-current={i === index ? 'step' : undefined}
              onClick={() => props.onGo(s.id)}
            >
              <span className="stepper-number" aria-hidden="true">
                {i + 1}
              </span>
              {s.title}
              {props.problems[s.id] > 0 && <span className="step-problems"> ({props.problems[s.id] === 1 ? '1 to fix' : `${props.problems[s.id]} to fix`})</span>}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function StepBody(props: { step: StepId; connections: Connection[]; destinations: Destination[] }) {
  switch (props.step) {
    case 'query':
      return (
        <>
          <SourceFields connections={props.connections} />
          <QuerySection />
        </>
      );
    case 'destination':
      return <DestinationSection destinations={props.destinations} />;
    case 'mapping':
      return (
        <div className="mapping-step">
          <MappingEditor />
          <MappedPayload />
        </div>
      );
    case 'strategy':
      return (
        <>
          <StrategySection />
          <ScheduleSection />
        </>
      );
    case 'review':
      return <ReviewStep connections={props.connections} destinations={props.destinations} />;
    default: {
      const never: never = props.step;
      return never;
    }
  }
}

/**
 * A sync's editor, in the steps an analyst builds one: query → destination and data type →
 * mapping → strategy and schedule → dry run of the unsaved draft → save. The same steps create a
 * sync and edit one; a saved sync can be saved from any step.
 */
export function SyncEditor(props: { connections: Connection[]; destinations: Destination[]; onCancel: () => void; onSaved: (sync: Sync) => void }) {
  const f = useSyncForm();
  const title = f.editing ? `Edit ${f.editing.name}` : 'New sync';
  const problems = problemsByStep(f.errors);
  const withProblems = EDITOR_STEPS.filter((s) => problems[s.id] > 0).map((s) => s.id);
  const total = Object.values(problems).reduce((a, b) => a + b, 0);
  const back = neighbour(f.step, -1);
  const next = neighbour(f.step, 1);
  const savable = !!f.editing || f.step === 'review';
  const heading = useRef<HTMLHeadingElement>(null);
  const { step } = f;
  const first = useRef(true);
  // A new step's heading takes focus (after the first), so a keyboard or screen reader starts at its top.
  useEffect(() => {
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [step]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Enter in a field of an early step of a new sync goes on, rather than saving half a sync.
    if (savable) {
      const sync = await f.save();
      if (sync) props.onSaved(sync);
    } else if (next) f.goStep(next);
  };
  const current = EDITOR_STEPS.find((s) => s.id === f.step)!;

  return (
    <form className="card form-card sync-editor" aria-label={title} onSubmit={submit} noValidate>
      <Steps current={f.step} problems={problems} onGo={f.goStep} />
      <h2 ref={heading} tabIndex={-1} className="editor-step-title">
        <span className="muted small editor-step-count">
          Step {EDITOR_STEPS.indexOf(current) + 1} of {EDITOR_STEPS.length}
        </span>
        {current.title}
      </h2>
      <p className="step-intro">{INTRO[f.step]}</p>
      {f.error && <ErrorNotice error={f.error} />}
      <div className="editor-step-body" data-step={f.step}>
        <StepBody step={f.step} connections={props.connections} destinations={props.destinations} />
      </div>
      <div className="form-footer editor-footer">
        {back && (
          <button type="button" className="button" onClick={() => f.goStep(back)}>
            ← Back
          </button>
        )}
        {next && (
          <button type="button" className={savable ? 'button' : 'button button-primary'} onClick={() => f.goStep(next)}>
            Next: {EDITOR_STEPS.find((s) => s.id === next)!.title}
          </button>
        )}
        {savable && (
          <button type="submit" className="button button-primary" disabled={f.saving}>
            {f.saving ? 'Saving…' : f.editing ? 'Save changes' : 'Save sync'}
          </button>
        )}
        <button type="button" className="button button-quiet" onClick={props.onCancel}>
          Cancel
        </button>
        {total > 0 && (
          <span className="field-error" role="status">
            {total === 1 ? 'One thing to fix' : `${total} things to fix`}, in {stepsInWords(withProblems)}.
          </span>
        )}
      </div>
    </form>
  );
}
