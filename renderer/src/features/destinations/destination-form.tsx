import type { FormEvent } from 'react';
import { availableDescriptors } from '../../../../shared/destinations';
import type { DestinationKind } from '../../../../shared/schemas';
import { ErrorNotice } from '../../components/error-notice';
import { Field, TextField } from '../../components/field';
import { useDestinationForm } from './destination-form-store';
import { inSentence, kindForm } from './kinds';

function Choice(props: { value: DestinationKind; current: DestinationKind; label: string; hint: string; onPick: (value: DestinationKind) => void }) {
  const selected = props.value === props.current;
  return (
    <label className={selected ? 'choice choice-selected' : 'choice'}>
      <input type="radio" name="destination-kind" value={props.value} checked={selected} onChange={() => props.onPick(props.value)} />
      <span>
        <span className="choice-label">{props.label}</span>
        <span className="choice-hint">{props.hint}</span>
      </span>
    </label>
  );
}

/** The kind's secret: typed once, stored in the keychain on save, never shown again. */
function SecretInput() {
  const f = useDestinationForm();
  const spec = kindForm(f.kind).secret(f.values);
  if (!spec) return null;
  if (f.secretSaved && !f.replacingSecret) {
    return (
      <Field id="destination-secret" label={spec.label}>
        <p className="secret-saved" id="destination-secret">
          <span className="badge badge-ok">Saved in the keychain</span>
          <button type="button" className="button" onClick={f.replaceSecret} aria-label={`Replace ${inSentence(spec.label)}`}>
            Replace
          </button>
        </p>
      </Field>
    );
  }
  return (
    <TextField
      id="destination-secret"
      label={spec.label}
      type="password"
      value={f.secret}
      onChange={f.setSecret}
      error={f.errors.secret}
      hint={
        <>
          {spec.where && <p>{spec.where}</p>}
          <p>Stored in this computer’s keychain when you save. Floe never shows it again.</p>
        </>
      }
    />
  );
}

export function DestinationForm() {
  const f = useDestinationForm();
  const form = kindForm(f.kind);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await f.save();
  };
  const title = f.editing ? `Edit ${f.editing.name}` : 'New destination';
  // Every kind, in the descriptors' order.
  const kinds = availableDescriptors();
  return (
    <form className="card form-card" aria-label={title} onSubmit={submit} noValidate>
      <h2>{title}</h2>
      {f.error && <ErrorNotice error={f.error} />}
      {!f.editing && (
        <fieldset className="choice-group">
          <legend className="field-label">Type</legend>
          {kinds.map((d) => (
            <Choice key={d.kind} value={d.kind} current={f.kind} label={d.label} hint={d.summary} onPick={f.setKind} />
          ))}
        </fieldset>
      )}
      <TextField id="destination-name" label="Name" value={f.name} onChange={f.setName} error={f.errors.name} autoFocus placeholder={form.namePlaceholder} />
      <form.Fields values={f.values} set={f.setValues} errors={f.errors} />
      <SecretInput />
      <div className="form-footer">
        <button type="submit" className="button button-primary" disabled={f.saving}>
          {f.saving ? 'Saving…' : f.editing ? 'Save changes' : 'Save destination'}
        </button>
        <button type="button" className="button button-quiet" onClick={f.close}>
          Cancel
        </button>
      </div>
    </form>
  );
}
