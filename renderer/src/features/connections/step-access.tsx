import { useEffect } from 'react';
import { CodeBlock } from '../../components/code-block';
import { ErrorNotice } from '../../components/error-notice';
import { Field, TextField, describedBy } from '../../components/field';
import { KeyFacts } from './key-facts';
import { TestFailureNotice } from './test-failure-notice';
import { stepProblems, useWizard, type WizardFields } from './wizard-store';

type Creatable = { field: 'user' | 'role' | 'warehouse'; flag: 'createUser' | 'createRole' | 'createWarehouse'; label: string };
const CREATABLE: readonly Creatable[] = [
  { field: 'user', flag: 'createUser', label: 'User' },
  { field: 'role', flag: 'createRole', label: 'Role' },
  { field: 'warehouse', flag: 'createWarehouse', label: 'Warehouse' },
];

export function StepAccess() {
  const s = useWizard();
  const { refreshSql } = s;
  const problems = s.attempted.access ? stepProblems(s, 'access') : {};
  const inputs: Array<keyof WizardFields> = [
    'user', 'role', 'warehouse', 'database', 'schema', 'createUser', 'createRole', 'createWarehouse', 'objectsKind', 'tables', 'views', 'authMode',
  ];
  // Everything the SQL depends on, as one value the effect can watch.
  const sqlInputs = JSON.stringify([...inputs.map((k) => s[k]), s.key?.id ?? null]);
  // Rewrite the setup SQL a moment after the choices stop changing.
  useEffect(() => {
    const timer = setTimeout(() => void refreshSql(), 200);
    return () => clearTimeout(timer);
  }, [sqlInputs, refreshSql]);

  return (
    <>
      <TestFailureNotice step="access" />
      <p className="step-intro">
        Floe reads with its own user and role, and only what you choose here. An administrator runs the SQL below once
        in a Snowflake worksheet.
      </p>
      <div className="form-grid">
        {CREATABLE.map((c) => (
          <Field key={c.field} id={`wizard-${c.field}`} label={c.label} error={problems[c.field]}>
            <div className="input-with-choice">
              <input
                id={`wizard-${c.field}`}
                className="input input-mono"
                value={s[c.field]}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => s.setField(c.field, e.target.value)}
                {...describedBy(`wizard-${c.field}`, { error: problems[c.field] })}
              />
              <div className="segmented" role="radiogroup" aria-label={`${c.label}: create or use existing`}>
                <label>
                  <input type="radio" name={`wizard-${c.flag}`} checked={s[c.flag]} onChange={() => s.setField(c.flag, true)} />
                  Create new
                </label>
                <label>
                  <input type="radio" name={`wizard-${c.flag}`} checked={!s[c.flag]} onChange={() => s.setField(c.flag, false)} />
                  Use existing
                </label>
              </div>
            </div>
          </Field>
        ))}
        <TextField id="wizard-database" label="Database" mono value={s.database} onChange={(v) => s.setField('database', v)} error={problems.database} />
        <TextField id="wizard-schema" label="Schema" mono value={s.schema} onChange={(v) => s.setField('schema', v)} error={problems.schema} />
      </div>

      <fieldset className="choice-group">
        <legend className="field-label">What Floe may read</legend>
        <label className={s.objectsKind === 'all' ? 'choice choice-selected' : 'choice'}>
          <input type="radio" name="wizard-objects" checked={s.objectsKind === 'all'} onChange={() => s.setField('objectsKind', 'all')} />
          <span>
            <span className="choice-label">All tables and views in the schema</span>
            <span className="choice-hint">Including ones created later.</span>
          </span>
        </label>
        <label className={s.objectsKind === 'list' ? 'choice choice-selected' : 'choice'}>
          <input type="radio" name="wizard-objects" checked={s.objectsKind === 'list'} onChange={() => s.setField('objectsKind', 'list')} />
          <span>
            <span className="choice-label">Only these tables and views</span>
          </span>
        </label>
      </fieldset>
      {s.objectsKind === 'list' && (
        <div className="form-grid">
          <Field id="wizard-tables" label="Tables" hint="Separate names with commas or new lines." error={problems.objects}>
            <textarea
              id="wizard-tables"
              className="input input-mono textarea"
              rows={3}
              value={s.tables}
              onChange={(e) => s.setField('tables', e.target.value)}
              {...describedBy('wizard-tables', { hint: true, error: problems.objects })}
            />
          </Field>
          <Field id="wizard-views" label="Views">
            <textarea id="wizard-views" className="input input-mono textarea" rows={3} value={s.views} onChange={(e) => s.setField('views', e.target.value)} />
          </Field>
        </div>
      )}

      {s.authMode === 'password' && (
        <TextField
          id="wizard-password"
          label={`Password for ${s.user.trim() || 'the user'}`}
          type="password"
          value={s.password}
          onChange={(v) => s.setField('password', v)}
          error={problems.password}
          hint="Stored in this computer’s keychain when you save, never in Floe’s database. Use it in place of the placeholder in the SQL."
        />
      )}

      <section className="subsection" aria-labelledby="wizard-sql-heading">
        <h3 id="wizard-sql-heading">Run this in Snowflake</h3>
        {s.sqlError && <ErrorNotice error={s.sqlError} />}
        {s.sql ? (
          <CodeBlock code={s.sql} label="Setup SQL" />
        ) : (
          !s.sqlError && <p className="muted">Fill in the names above to see the SQL.</p>
        )}
        <p className="muted small">
          Run it as a role that can create users and grant privileges (for example <code>ACCOUNTADMIN</code> or{' '}
          <code>SECURITYADMIN</code> with <code>SYSADMIN</code>), then come back and test.
        </p>
        {s.authMode !== 'password' && s.key && <KeyFacts keyInfo={s.key} />}
      </section>
    </>
  );
}
