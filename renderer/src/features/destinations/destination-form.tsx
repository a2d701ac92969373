import type { FormEvent } from 'react';
import { ErrorNotice } from '../../components/error-notice';
import { Field, TextField } from '../../components/field';
import { useDestinationForm, type AuthKind, type FormKind } from './destination-form-store';

function Choice<T extends string>(props: { name: string; value: T; current: T; label: string; hint: string; onPick: (value: T) => void }) {
  const selected = props.value === props.current;
  return (
    <label className={selected ? 'choice choice-selected' : 'choice'}>
      <input type="radio" name={props.name} value={props.value} checked={selected} onChange={() => props.onPick(props.value)} />
      <span>
        <span className="choice-label">{props.label}</span>
        <span className="choice-hint">{props.hint}</span>
      </span>
    </label>
  );
}

function HeadersEditor() {
  const { headers, setHeader, addHeader, removeHeader, errors } = useDestinationForm();
  return (
    <fieldset className="subsection kv-editor">
      <legend className="field-label">Headers</legend>
      {headers.length === 0 && <p className="muted small">No custom headers. Tokens belong in Authentication, not here.</p>}
      {headers.map((h, i) => (
        <div className="kv-row" key={i}>
          <input
            className="input input-mono"
            aria-label={`Header ${i + 1} name`}
            placeholder="X-Source"
            value={h.key}
            spellCheck={false}
            onChange={(e) => setHeader(i, { key: e.target.value })}
          />
          <input
            className="input input-mono"
            aria-label={`Header ${i + 1} value`}
            placeholder="floe"
            value={h.value}
            spellCheck={false}
            onChange={(e) => setHeader(i, { value: e.target.value })}
          />
          <button type="button" className="button button-quiet" aria-label={`Remove header ${i + 1}`} onClick={() => removeHeader(i)}>
            Remove
          </button>
        </div>
      ))}
      {errors.headers && (
        <div className="field-error" role="alert">
          {errors.headers}
        </div>
      )}
      <button type="button" className="button" onClick={addHeader}>
        Add header
      </button>
    </fieldset>
  );
}

function SecretInput() {
  const f = useDestinationForm();
  const label = f.auth === 'bearer' ? 'Token' : 'Password';
  if (f.secretSaved && !f.replacingSecret) {
    return (
      <Field id="destination-secret" label={label}>
        <p className="secret-saved" id="destination-secret">
          <span className="badge badge-ok">Saved in the keychain</span>
          <button type="button" className="button" onClick={f.replaceSecret} aria-label={`Replace ${label.toLowerCase()}`}>
            Replace
          </button>
        </p>
      </Field>
    );
  }
  return (
    <TextField
      id="destination-secret"
      label={label}
      type="password"
      value={f.secret}
      onChange={(secret) => f.set({ secret })}
      error={f.errors.secret}
      hint="Stored in this computer’s keychain when you save. Floe never shows it again."
    />
  );
}

function HttpFields() {
  const f = useDestinationForm();
  return (
    <>
      <TextField
        id="destination-url"
        label="Endpoint URL"
        type="url"
        mono
        placeholder="https://example.com/ingest"
        value={f.url}
        onChange={(url) => f.set({ url })}
        error={f.errors.url}
        hint="Floe sends batches of records here; each record carries an idempotency key in _floe_id."
      />
      <div className="form-grid">
        <Field id="destination-method" label="Method" error={f.errors.method}>
          <select id="destination-method" className="input" value={f.method} onChange={(e) => f.set({ method: e.target.value as 'POST' | 'PUT' })}>
            <option value="POST">POST</option>
            <option value="PUT">PUT</option>
          </select>
        </Field>
        <Field id="destination-format" label="Body format" error={f.errors.format}>
          <select
            id="destination-format"
            className="input"
            value={f.httpFormat}
            onChange={(e) => f.set({ httpFormat: e.target.value as 'json' | 'ndjson' })}
          >
            <option value="json">JSON array</option>
            <option value="ndjson">NDJSON (one record per line)</option>
          </select>
        </Field>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={f.gzip} onChange={(e) => f.set({ gzip: e.target.checked })} />
        Compress request bodies with gzip
      </label>
      <HeadersEditor />
      <Field id="destination-auth" label="Authentication" error={f.errors.auth}>
        <select id="destination-auth" className="input" value={f.auth} onChange={(e) => f.set({ auth: e.target.value as AuthKind })}>
          <option value="none">None</option>
          <option value="bearer">Bearer token</option>
          <option value="basic">Basic (user name and password)</option>
        </select>
      </Field>
      {f.auth === 'basic' && (
        <TextField
          id="destination-basic-username"
          label="User name"
          value={f.basicUsername}
          onChange={(basicUsername) => f.set({ basicUsername })}
          error={f.errors.basicUsername}
        />
      )}
      {f.auth !== 'none' && <SecretInput />}
    </>
  );
}

function FileFields() {
  const f = useDestinationForm();
  return (
    <>
      <TextField
        id="destination-directory"
        label="Folder"
        mono
        placeholder="/home/me/exports"
        value={f.directory}
        onChange={(directory) => f.set({ directory })}
        error={f.errors.directory}
        hint="Each run writes one file here, atomically: it appears only once complete."
      />
      <div className="form-grid">
        <Field id="destination-file-format" label="File format" error={f.errors.format}>
          <select
            id="destination-file-format"
            className="input"
            value={f.fileFormat}
            onChange={(e) => f.set({ fileFormat: e.target.value as 'ndjson' | 'csv' })}
          >
            <option value="ndjson">NDJSON</option>
            <option value="csv">CSV</option>
          </select>
        </Field>
        <TextField
          id="destination-prefix"
          label="File name prefix"
          mono
          value={f.prefix}
          onChange={(prefix) => f.set({ prefix })}
          error={f.errors.prefix}
          hint="Followed by the run’s time and the extension."
        />
      </div>
    </>
  );
}

export function DestinationForm() {
  const f = useDestinationForm();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await f.save();
  };
  const title = f.editing ? `Edit ${f.editing.name}` : 'New destination';
  return (
    <form className="card form-card" aria-label={title} onSubmit={submit} noValidate>
      <h2>{title}</h2>
      {f.error && <ErrorNotice error={f.error} />}
      {!f.editing && (
        <fieldset className="choice-group">
          <legend className="field-label">Type</legend>
          <Choice<FormKind>
            name="destination-kind"
            value="http"
            current={f.kind}
            label="HTTP endpoint"
            hint="Any URL that accepts batches of JSON records."
            onPick={(kind) => f.set({ kind })}
          />
          <Choice<FormKind>
            name="destination-kind"
            value="file"
            current={f.kind}
            label="File"
            hint="NDJSON or CSV files in a folder on this computer."
            onPick={(kind) => f.set({ kind })}
          />
        </fieldset>
      )}
      <TextField
        id="destination-name"
        label="Name"
        value={f.name}
        onChange={(name) => f.set({ name })}
        error={f.errors.name}
        autoFocus
        placeholder={f.kind === 'http' ? 'Events webhook' : 'Nightly export'}
      />
      {f.kind === 'http' ? <HttpFields /> : <FileFields />}
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
