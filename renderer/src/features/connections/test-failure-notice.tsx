import { ErrorNotice } from '../../components/error-notice';
import { STEPS, stepOfError, useWizard, type StepId } from './wizard-store';

/**
 * The last failed test's message and remedy, shown on the step the problem concerns (and on
 * the Test step itself), with the SQL that fixes it when there is one.
 */
export function TestFailureNotice(props: { step: StepId; always?: boolean }) {
  const result = useWizard((s) => s.testResult);
  const goTo = useWizard((s) => s.goTo);
  const error = result?.error;
  if (!error) return null;
  const concerns = stepOfError(error.code);
  if (!props.always && concerns !== props.step) return null;
  const title = STEPS.find((x) => x.id === concerns)?.title;

  return (
    <ErrorNotice error={error}>
      {props.always && concerns !== 'test' && concerns !== props.step && (
        <p>
          This concerns step {STEPS.findIndex((x) => x.id === concerns) + 1}, {title}.{' '}
          <button type="button" className="button-link" onClick={() => goTo(concerns)}>
            Go to {title}
          </button>
        </p>
      )}
    </ErrorNotice>
  );
}
