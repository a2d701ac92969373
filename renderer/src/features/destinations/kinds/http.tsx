import { credentialHeader, credentialHeaderProblem, urlCredentialProblem } from '../../../../../shared/destinations/http-credentials';
import { HEADER_NAME, headerSecretField } from '../../../../../shared/schemas';
import { Field, TextField } from '../../../components/field';
import { oneOf, text, type FieldsProps, type KindForm, type SecretSpec } from './types';

interface HeaderRow {
  key: string;
  value: string;
}

type Auth = 'none' | 'bearer' | 'basic';

interface HttpValues {
  url: string;
  method: 'POST' | 'PUT';
  format: 'json' | 'ndjson';
  gzip: boolean;
  headers: HeaderRow[];
  /** Names of headers whose values are secrets; the values are typed into the form's secrets, never here. */
  secretHeaders: string[];
  auth: Auth;
  basicUsername: string;
}

function HeadersEditor({ values: v, set, errors }: FieldsProps<HttpValues>) {
  const setHeader = (index: number, row: Partial<HeaderRow>) => set({ headers: v.headers.map((h, i) => (i === index ? { ...h, ...row } : h)) });
  return (
    <fieldset className="subsection kv-editor">
      <legend className="field-label">Headers</legend>
      {v.headers.length === 0 && <p className="muted small">No custom headers. Keys and tokens belong in Secret headers or Authentication, not here.</p>}
      {v.headers.map((h, i) => (
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
          <button type="button" className="button button-quiet" aria-label={`Remove header ${i + 1}`} onClick={() => set({ headers: v.headers.filter((_, j) => j !== i) })}>
            Remove
          </button>
        </div>
      ))}
      {errors.headers && (
        <div className="field-error" role="alert">
          {errors.headers}
        </div>
      )}
      <button type="button" className="button" onClick={() => set({ headers: [...v.headers, { key: '', value: '' }] })}>
        Add header
      </button>
    </fieldset>
  );
}

/** A secret header's value input, by its name (none until the header is named). */
const secretHeaderSpec = (name: string): SecretSpec => ({
  field: headerSecretField(name),
  label: name,
  missing: `Enter the value of ${name}.`,
  inline: true,
});

/** Headers whose values are secrets: the name here, the value typed once and kept in the keychain. */
function SecretHeadersEditor({ values: v, set, errors, Secret }: FieldsProps<HttpValues>) {
  const rename = (index: number, name: string) => set({ secretHeaders: v.secretHeaders.map((h, i) => (i === index ? name : h)) });
  return (
    <fieldset className="subsection kv-editor">
      <legend className="field-label">Secret headers</legend>
      <p className="muted small">For an API key or token the endpoint reads from a header (X-Api-Key…). The value is kept in this computer’s keychain and never shown again.</p>
      {v.secretHeaders.map((name, i) => (
        <div className="kv-row" key={i}>
          <input
            className="input input-mono"
            aria-label={`Secret header ${i + 1} name`}
            placeholder="X-Api-Key"
            value={name}
            spellCheck={false}
            onChange={(e) => rename(i, e.target.value)}
          />
          {HEADER_NAME.test(name.trim()) ? (
            <Secret spec={secretHeaderSpec(name.trim())} id={`destination-secret-header-${i}`} ariaLabel={`Secret header ${i + 1} value`} />
          ) : (
            <input className="input" type="password" aria-label={`Secret header ${i + 1} value`} placeholder="Name the header first" disabled />
          )}
          <button type="button" className="button button-quiet" aria-label={`Remove secret header ${i + 1}`} onClick={() => set({ secretHeaders: v.secretHeaders.filter((_, j) => j !== i) })}>
            Remove
          </button>
        </div>
      ))}
      {errors.secretHeaders && (
        <div className="field-error" role="alert">
          {errors.secretHeaders}
        </div>
      )}
      <button type="button" className="button" onClick={() => set({ secretHeaders: [...v.secretHeaders, ''] })}>
        Add secret header
      </button>
    </fieldset>
  );
}

function HttpFields(props: FieldsProps<HttpValues>) {
  const { values: v, set, errors } = props;
  return (
    <>
      <TextField
        id="destination-url"
        label="Endpoint URL"
        type="url"
        mono
        placeholder="https://example.com/ingest"
        value={v.url}
        onChange={(url) => set({ url })}
        error={errors.url}
        hint="Floe sends batches of records here; each record carries an idempotency key in _floe_id."
      />
      <div className="form-grid">
        <Field id="destination-method" label="Method" error={errors.method}>
          <select id="destination-method" className="input" value={v.method} onChange={(e) => set({ method: e.target.value as HttpValues['method'] })}>
            <option value="POST">POST</option>
            <option value="PUT">PUT</option>
          </select>
        </Field>
        <Field id="destination-format" label="Body format" error={errors.format}>
          <select id="destination-format" className="input" value={v.format} onChange={(e) => set({ format: e.target.value as HttpValues['format'] })}>
            <option value="json">JSON array</option>
            <option value="ndjson">NDJSON (one record per line)</option>
          </select>
        </Field>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={v.gzip} onChange={(e) => set({ gzip: e.target.checked })} />
        Compress request bodies with gzip
      </label>
      <HeadersEditor {...props} />
      <SecretHeadersEditor {...props} />
      <Field id="destination-auth" label="Authentication" error={errors.auth}>
        <select id="destination-auth" className="input" value={v.auth} onChange={(e) => set({ auth: e.target.value as Auth })}>
          <option value="none">None</option>
          <option value="bearer">Bearer token</option>
          <option value="basic">Basic (user name and password)</option>
        </select>
      </Field>
      {v.auth === 'basic' && (
        <TextField id="destination-basic-username" label="User name" value={v.basicUsername} onChange={(basicUsername) => set({ basicUsername })} error={errors.basicUsername} />
      )}
    </>
  );
}

export const httpForm: KindForm<HttpValues> = {
  kind: 'http',
  blank: { url: '', method: 'POST', format: 'json', gzip: false, headers: [], secretHeaders: [], auth: 'none', basicUsername: '' },
  fromSettings: (s) => ({
    url: text(s, 'url', ''),
    method: oneOf(s, 'method', ['POST', 'PUT'], 'POST'),
    format: oneOf(s, 'format', ['json', 'ndjson'], 'json'),
    gzip: s.gzip === true,
    headers: Object.entries((s.headers && typeof s.headers === 'object' ? s.headers : {}) as Record<string, string>).map(([key, value]) => ({ key, value })),
    secretHeaders: Array.isArray(s.secretHeaders) ? s.secretHeaders.filter((h): h is string => typeof h === 'string') : [],
    auth: oneOf(s, 'auth', ['none', 'bearer', 'basic'], 'none'),
    basicUsername: text(s, 'basicUsername', ''),
  }),
  toSettings: (v, kept) => {
    const headers = Object.fromEntries(v.headers.filter((h) => h.key.trim() !== '').map((h) => [h.key.trim(), h.value]));
    const secretHeaders = v.secretHeaders.map((h) => h.trim()).filter((h) => h !== '');
    const settings: Record<string, unknown> = { ...kept, url: v.url.trim(), method: v.method, format: v.format, gzip: v.gzip, headers, secretHeaders, auth: v.auth };
    if (v.auth === 'basic') settings.basicUsername = v.basicUsername;
    else delete settings.basicUsername;
    return settings;
  },
  problems: (v) => {
    const errors: Record<string, string> = {};
    if (!v.url.trim()) errors.url = 'Enter the endpoint’s full URL, starting with https://';
    const urlProblem = urlCredentialProblem(v.url);
    if (urlProblem) errors.url = urlProblem;
    if (v.headers.some((h) => h.key.trim() === '' && h.value !== '')) errors.headers = 'Each header needs a name.';
    const credential = v.headers.find((h) => credentialHeader(h.key.trim()));
    if (credential) errors.headers = credentialHeaderProblem(credential.key.trim());
    const badName = v.secretHeaders.find((h) => h.trim() !== '' && !HEADER_NAME.test(h.trim()));
    if (badName !== undefined) errors.secretHeaders = `“${badName.trim()}” is not a header name: letters, digits and - only, e.g. X-Api-Key.`;
    if (v.auth === 'basic' && !v.basicUsername.trim()) errors.basicUsername = 'Enter the user name for basic authentication.';
    return errors;
  },
  secrets: (v) => [
    ...(v.auth === 'bearer'
      ? [{ field: 'token' as const, label: 'Token', missing: 'Paste the token the endpoint expects.' }]
      : v.auth === 'basic'
        ? [{ field: 'basicAuth' as const, label: 'Password', missing: 'Enter the password.' }]
        : []),
    ...v.secretHeaders.map((h) => h.trim()).filter((h) => HEADER_NAME.test(h)).map(secretHeaderSpec),
  ],
  fields: ['url', 'method', 'format', 'headers', 'secretHeaders', 'auth', 'basicUsername'],
  namePlaceholder: 'Events webhook',
  testEvent: null,
  Fields: HttpFields,
};
