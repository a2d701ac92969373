import { useEffect } from 'react';
import { TextField } from '../../components/field';
import { TestFailureNotice } from './test-failure-notice';
import { stepProblems, useWizard } from './wizard-store';

export function StepAccount() {
  const s = useWizard();
  const { accountInput, parseAccount } = s;
  // Parse as the user types, a moment after they pause.
  useEffect(() => {
    const timer = setTimeout(() => void parseAccount(), 250);
    return () => clearTimeout(timer);
  }, [accountInput, parseAccount]);

  const problems = stepProblems(s, 'account');
  const parseError = s.parse && !s.parse.ok ? `${s.parse.message} ${s.parse.remedy}` : null;
  const accountError = s.attempted.account ? (parseError ?? problems.accountInput ?? null) : s.accountInput.trim() ? parseError : null;

  return (
    <>
      <TestFailureNotice step="account" />
      <p className="step-intro">
        Paste your account identifier in any form: <code>orgname-accountname</code>, a locator such as{' '}
        <code>xy12345.us-east-2.aws</code>, or the URL you open Snowflake with.
      </p>
      <TextField
        id="wizard-account"
        label="Account identifier"
        value={s.accountInput}
        onChange={(v) => s.setField('accountInput', v)}
        placeholder="myorg-myaccount"
        autoFocus
        mono
        error={accountError}
        hint={
          s.parse?.ok ? (
            <div className="parse-result">
              <p>
                <span className="badge badge-ok">Understood</span> {s.parse.explanation}
              </p>
              <p className="muted small">
                Account <code>{s.parse.account}</code> at <code>{s.parse.host}</code>
              </p>
              {s.parse.warnings.map((w) => (
                <p key={w} className="field-warning">
                  {w}
                </p>
              ))}
            </div>
          ) : undefined
        }
      />
      <details className="disclosure" open={s.accessUrl !== '' || undefined}>
        <summary>Advanced</summary>
        <TextField
          id="wizard-access-url"
          label="Private endpoint URL"
          type="url"
          value={s.accessUrl}
          onChange={(v) => s.setField('accessUrl', v)}
          placeholder="https://myorg-myaccount.privatelink.snowflakecomputing.com"
          mono
          hint="Only if your account is reached through AWS PrivateLink, Azure Private Link or a proxy. Leave empty otherwise."
          error={s.accessUrl.trim() ? (problems.accessUrl ?? null) : null}
        />
      </details>
    </>
  );
}
