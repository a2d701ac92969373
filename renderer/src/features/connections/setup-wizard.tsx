import { useEffect, useRef, type JSX } from 'react';
import { PageHeader } from '../../components/page-header';
import { StepAccess } from './step-access';
import { StepAccount } from './step-account';
import { StepAuth } from './step-auth';
import { StepSave } from './step-save';
import { StepTest } from './step-test';
import { STEPS, useWizard, type StepId } from './wizard-store';

const BODY: Record<StepId, () => JSX.Element> = {
  account: StepAccount,
  auth: StepAuth,
  access: StepAccess,
  test: StepTest,
  save: StepSave,
};

/** Account → authentication → access (the setup SQL) → test → save, one step at a time. */
export function SetupWizard(props: { onDone: () => void }) {
  const s = useWizard();
  const heading = useRef<HTMLHeadingElement>(null);
  const index = STEPS.findIndex((x) => x.id === s.step);
  const step = STEPS[index]!;
  const Body = BODY[s.step];

  // A new step takes focus to its heading, unless the step put focus in a field itself.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || active.tagName === 'BUTTON') heading.current?.focus();
  }, [s.step]);

  const canContinueFromTest = s.testResult?.ok === true;
  const finish = async () => {
    if (await s.save()) props.onDone();
  };
  const cancel = async () => {
    await s.cancel();
    props.onDone();
  };

  return (
    <>
      <PageHeader
        title="New connection"
        subtitle="Connect Floe to Snowflake with its own user, role and warehouse."
      />
      <nav className="stepper" aria-label="Setup steps">
        <ol>
          {STEPS.map((x, i) => (
            <li
              key={x.id}
              className={i === index ? 'stepper-item stepper-current' : i < index ? 'stepper-item stepper-done' : 'stepper-item'}
              aria-current={i === index ? 'step' : undefined}
            >
              <span className="stepper-number" aria-hidden="true">
                {i + 1}
              </span>
              {x.title}
            </li>
          ))}
        </ol>
      </nav>
      <section className="card wizard-card" aria-labelledby="wizard-step-heading">
        <p className="muted small wizard-step-count">
          Step {index + 1} of {STEPS.length}
        </p>
        <h2 id="wizard-step-heading" ref={heading} tabIndex={-1}>
          {step.title}
        </h2>
        <Body />
      </section>
      <div className="wizard-footer">
        <button type="button" className="button button-quiet" onClick={cancel} disabled={s.cancelling || s.saving}>
          {s.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
        <span className="wizard-footer-main">
          {index > 0 && (
            <button type="button" className="button" onClick={s.back} disabled={s.testing || s.saving}>
              Back
            </button>
          )}
          {s.step === 'test' && s.testResult && !s.testResult.ok && (
            <button type="button" className="button" onClick={s.next} disabled={s.testing}>
              Save without a passing test
            </button>
          )}
          {s.step === 'save' ? (
            <button type="button" className="button button-primary" onClick={finish} disabled={s.saving}>
              {s.saving ? 'Saving…' : 'Save connection'}
            </button>
          ) : (
            <button
              type="button"
              className="button button-primary"
              onClick={s.next}
              disabled={s.keyBusy || (s.step === 'test' && (s.testing || !canContinueFromTest))}
            >
              Next
            </button>
          )}
        </span>
      </div>
    </>
  );
}
