import { useState, type FormEvent } from 'react';
import type { IpcError } from '../../../../shared/ipc';
import type { Connection } from '../../../../shared/schemas';
import { ErrorNotice } from '../../components/error-notice';
import { TextField } from '../../components/field';
import { floe, toIpcError, unwrap } from '../../lib/api';
import { editedDraft, editErrors, editProblems, editValues, type EditField, type EditValues } from './connection-edit';

/**
 * A saved connection's fields, edited in place in the list. The sign-in method and key stay as
 * they are (Rotate key changes the key); a changed account, user, role, warehouse, database,
 * schema or URL makes the connection untested until it is tested again.
 */
export function ConnectionEditForm(props: { connection: Connection; takenNames: string[]; onSaved: () => void; onClose: () => void }) {
  const c = props.connection;
  const [values, setValues] = useState<EditValues>(() => editValues(c));
  const [attempted, setAttempted] = useState(false);
  const [coreErrors, setCoreErrors] = useState<Partial<Record<EditField, string>>>({});
  const [error, setError] = useState<IpcError | null>(null);
  const [saving, setSaving] = useState(false);

  const problems = editProblems(values, props.takenNames);
  const errorOf = (field: EditField) => (attempted ? problems[field] : undefined) ?? coreErrors[field] ?? null;
  const set = (field: EditField) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setCoreErrors((e) => ({ ...e, [field]: undefined }));
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    try {
      // The identifier is read as the wizard reads it: a URL or locator becomes the account.
      const parsed = await unwrap(floe.connections.parseAccount({ input: values.account.trim() }));
      if (!parsed.ok) {
        setCoreErrors({ account: `${parsed.message} ${parsed.remedy}` });
        setSaving(false);
        return;
      }
      await unwrap(floe.connections.update({ id: c.id, draft: editedDraft(c, values, parsed.account) }));
      if (c.authKind === 'password' && values.password) {
        await unwrap(floe.secrets.set({ ref: { kind: 'connection', id: c.id, field: 'password' }, value: values.password }));
      }
      props.onSaved();
    } catch (e) {
      const { fields, rest } = editErrors(toIpcError(e));
      setCoreErrors(fields);
      setError(rest);
      setSaving(false);
    }
  };

  const count = attempted ? Object.keys(problems).length : 0;
  return (
    <form className="row-panel connection-edit" aria-label={`Edit ${c.name}`} onSubmit={save} noValidate>
      <h3>Edit {c.name}</h3>
      <div className="form-grid">
        <TextField id="connection-edit-name" label="Name" value={values.name} onChange={set('name')} error={errorOf('name')} autoFocus />
        <TextField
          id="connection-edit-account"
          label="Account identifier"
          mono
          value={values.account}
          onChange={set('account')}
          error={errorOf('account')}
          hint="orgname-accountname, a locator, or the URL you open Snowflake with."
        />
        <TextField id="connection-edit-user" label="User" mono value={values.user} onChange={set('user')} error={errorOf('user')} />
        <TextField id="connection-edit-role" label="Role" mono value={values.role} onChange={set('role')} error={errorOf('role')} hint="Empty: the user’s default role." />
        <TextField
          id="connection-edit-warehouse"
          label="Warehouse"
          mono
          value={values.warehouse}
          onChange={set('warehouse')}
          error={errorOf('warehouse')}
          hint="Empty: the user’s default warehouse."
        />
        <TextField id="connection-edit-database" label="Database" mono value={values.database} onChange={set('database')} error={errorOf('database')} />
        <TextField id="connection-edit-schema" label="Schema" mono value={values.schema} onChange={set('schema')} error={errorOf('schema')} />
        <TextField
          id="connection-edit-access-url"
          label="Private endpoint URL"
          type="url"
          mono
          value={values.accessUrl}
          onChange={set('accessUrl')}
          error={errorOf('accessUrl')}
          placeholder="https://myorg-myaccount.privatelink.snowflakecomputing.com"
          hint="Only for PrivateLink or a proxy. Empty otherwise."
        />
        {c.authKind === 'password' && (
          <TextField
            id="connection-edit-password"
            label="New password"
            type="password"
            value={values.password}
            onChange={set('password')}
            error={errorOf('password')}
            hint="Empty keeps the password in the keychain. A new one replaces it there."
          />
        )}
      </div>
      <p className="muted small">
        {c.authKind === 'keypair' ? 'Signs in with its key pair; use Rotate key to change the key. ' : ''}
        A change to how it signs in marks the connection untested until you test it again.
      </p>
      {error && <ErrorNotice error={error} />}
      <div className="step-toolbar">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="button button-quiet" onClick={props.onClose} disabled={saving}>
          Cancel
        </button>
        {count > 0 && (
          <span className="field-error" role="alert">
            {count === 1 ? 'One thing to fix above.' : `${count} things to fix above.`}
          </span>
        )}
      </div>
    </form>
  );
}
