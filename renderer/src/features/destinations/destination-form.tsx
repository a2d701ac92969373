import type { FormEvent } from 'react';
import { availableDescriptors } from '../../../../shared/destinations';
import type { DestinationKind } from '../../../../shared/schemas';
import { ErrorNotice } from '../../components/error-notice';
import { describedBy, Field, TextField } from '../../components/field';
import { keepsSecret, secretError, useDestinationForm } from './destination-form-store';
import { inSentence, kindForm, type SecretInputComponent, type SecretSpec } from './kinds';

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

/**
 * One secret's input: typed once, stored in the keychain on save, never shown again. Once
 * saved it shows as saved, with "Replace" to type a new one. A kind's fields place the inline
 * ones (a secret header's, in its row) with a bare input; the others have a labelled field.
 */
function SecretInput({ spec, id, ariaLabel, inline = false }: { spec: SecretSpec; id: string; ariaLabel: string; inline?: boolean }) {
  const f = useDestinationForm();
  const error = f.errors[secretError(spec.field)];
  if (keepsSecret(f, spec.field)) {
    const saved = (
      <p className="secret-saved" id={id}>
        <span className="badge badge-ok">Saved in the keychain</span>
        <button type="button" className="button" onClick={() => f.replaceSecret(spec.field)} aria-label={`Replace ${inSentence(spec.label)}`}>
          Replace
        </button>
      </p>
    );
    return inline ? saved : <Field id={id} label={spec.label}>{saved}</Field>;
  }
  if (inline) {
    return (
      <div className={error ? 'field-invalid' : undefined}>
        <input
          id={id}
          className="input input-mono"
          type="password"
          aria-label={ariaLabel}
          placeholder="Value, kept in the keychain"
          value={f.secrets[spec.field] ?? ''}
          autoComplete="new-password"
          spellCheck={false}
          onChange={(e) => f.setSecret(spec.field, e.target.value)}
          {...describedBy(id, { error })}
        />
        {error && (
          <div className="field-error" id={`${id}-error`} role="alert">
            {error}
          </div>
        )}
      </div>
    );
  }
  return (
    <TextField
      id={id}
      label={spec.label}
      type="password"
      value={f.secrets[spec.field] ?? ''}
      onChange={(value) => f.setSecret(spec.field, value)}
      error={error}
      hint={
        <>
          {spec.where && <p>{spec.where}</p>}
          <p>Stored in this computer’s keychain when you save. Floe never shows it again.</p>
        </>
      }
    />
  );
}

/** A secret the kind's own fields place (a secret header's value, in its row). */
const InlineSecret: SecretInputComponent = (props) => <SecretInput {...props} inline />;

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
      <form.Fields values={f.values} set={f.setValues} errors={f.errors} Secret={InlineSecret} />
      {form
        .secrets(f.values)
        .filter((spec) => !spec.inline)
        .map((spec, i) => (
          <SecretInput key={spec.field} spec={spec} id={i === 0 ? 'destination-secret' : `destination-secret-${i}`} ariaLabel={spec.label} />
        ))}
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
