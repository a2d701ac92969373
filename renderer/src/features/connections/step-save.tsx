import { ErrorNotice } from '../../components/error-notice';
import { TextField } from '../../components/field';
import { useWizard } from './wizard-store';

export function StepSave() {
  const s = useWizard();
  const error = s.attempted.save && !s.name.trim() ? 'Give the connection a name.' : null;
  return (
    <>
      <p className="step-intro">Name the connection as it will appear in Floe’s lists and in syncs.</p>
      <TextField id="wizard-name" label="Connection name" value={s.name} onChange={(v) => s.setField('name', v)} error={error} autoFocus />
      {s.saveError && <ErrorNotice error={s.saveError} />}
      <dl className="facts" aria-label="Summary">
        <dt>Account</dt>
        <dd>{s.parse?.ok ? s.parse.account : s.accountInput}</dd>
        <dt>User</dt>
        <dd>{s.user}</dd>
        <dt>Sign-in</dt>
        <dd>{s.authMode === 'password' ? 'Password' : 'Key pair'}</dd>
        <dt>Reads</dt>
        <dd>
          {s.database}.{s.schema}
          {s.objectsKind === 'all' ? ', all tables and views' : ', chosen tables and views'}
        </dd>
      </dl>
    </>
  );
}
