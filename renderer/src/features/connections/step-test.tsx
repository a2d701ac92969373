import { ErrorNotice } from '../../components/error-notice';
import { TestFailureNotice } from './test-failure-notice';
import { TestResultView } from './test-result-view';
import { useWizard } from './wizard-store';

export function StepTest() {
  const { testing, testResult, testError, runTest } = useWizard();
  return (
    <>
      <p className="step-intro">
        Floe signs in as the new user, reads back its role, warehouse, database and schema, and checks it can read
        each table and view. Nothing is saved until you save the connection on the next step.
      </p>
      <div className="step-toolbar">
        <button type="button" className={testResult?.ok ? 'button' : 'button button-primary'} onClick={runTest} disabled={testing}>
          {testing ? 'Testing…' : testResult || testError ? 'Test again' : 'Test connection'}
        </button>
        {testing && (
          <span className="progress" role="progressbar" aria-label="Testing the connection">
            <span className="spinner" aria-hidden="true" />
            Signing in and checking grants…
          </span>
        )}
      </div>
      {testError && <ErrorNotice error={testError} />}
      <TestFailureNotice step="test" always />
      {testResult && <TestResultView result={testResult} />}
    </>
  );
}
