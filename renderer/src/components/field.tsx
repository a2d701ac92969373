import type { ReactNode } from 'react';

/** A labelled control with its hint and its error right beside it, both wired for screen readers. */
export function Field(props: { id: string; label: string; hint?: ReactNode; error?: string | null; children: ReactNode }) {
  return (
    <div className={props.error ? 'field field-invalid' : 'field'}>
      <label className="field-label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.children}
      {props.hint && (
        <div className="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      )}
      {props.error && (
        <div className="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </div>
      )}
    </div>
  );
}

/** The aria attributes an input inside a Field needs. */
export function describedBy(id: string, opts: { hint?: boolean; error?: string | null }) {
  const ids = [opts.hint ? `${id}-hint` : null, opts.error ? `${id}-error` : null].filter(Boolean);
  return { 'aria-describedby': ids.length ? ids.join(' ') : undefined, 'aria-invalid': opts.error ? true : undefined };
}

export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | null;
  type?: 'text' | 'password' | 'url';
  placeholder?: string;
  autoFocus?: boolean;
  mono?: boolean;
}) {
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      <input
        id={props.id}
        className={props.mono ? 'input input-mono' : 'input'}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        autoFocus={props.autoFocus}
        autoComplete={props.type === 'password' ? 'new-password' : 'off'}
        spellCheck={false}
        onChange={(event) => props.onChange(event.target.value)}
        {...describedBy(props.id, { hint: Boolean(props.hint), error: props.error })}
      />
    </Field>
  );
}
