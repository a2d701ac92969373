import { ErrorNotice } from '../../components/error-notice';
import { Field, TextField } from '../../components/field';
import { KeyFacts } from './key-facts';
import { TestFailureNotice } from './test-failure-notice';
import { stepProblems, useWizard, type AuthMode } from './wizard-store';

const MODES: ReadonlyArray<{ id: AuthMode; label: string; hint: string }> = [
  { id: 'generate', label: 'Generate a key pair', hint: 'Recommended. Floe keeps the private key in this computer’s keychain.' },
  { id: 'import', label: 'Import a key', hint: 'Use a .p8 or .pem private key you already have.' },
  { id: 'password', label: 'Password', hint: 'Only if key pairs are not an option.' },
];

/** Keys are small; anything far larger is not a key and would only slow the page down. */
const MAX_KEY_FILE = 256 * 1024;

export function StepAuth() {
  const s = useWizard();
  const problems = stepProblems(s, 'auth');

  const readFile = (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_KEY_FILE) {
      useWizard.setState({
        keyError: { code: 'key_too_large', message: `${file.name} is too large to be a private key.`, remedy: 'Choose the .p8 or .pem file that holds the key.' },
      });
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      s.setField('importPem', String(reader.result ?? ''));
      s.setField('importFileName', file.name);
    };
    reader.onerror = () =>
      useWizard.setState({
        keyError: { code: 'key_unreadable', message: `Floe could not read ${file.name}.`, remedy: 'Check the file, or paste the key instead.' },
      });
    reader.readAsText(file);
  };

  return (
    <>
      <TestFailureNotice step="auth" />
      <fieldset className="choice-group">
        <legend className="field-label">How Floe signs in</legend>
        {MODES.map((m) => (
          <label key={m.id} className={s.authMode === m.id ? 'choice choice-selected' : 'choice'}>
            <input
              type="radio"
              name="wizard-auth-mode"
              value={m.id}
              checked={s.authMode === m.id}
              onChange={() => useWizard.setState({ authMode: m.id, keyError: null })}
            />
            <span>
              <span className="choice-label">{m.label}</span>
              <span className="choice-hint">{m.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>

      {s.authMode === 'generate' && (
        <section className="subsection" aria-label="Generate a key pair">
          <TextField
            id="wizard-passphrase"
            label="Passphrase (optional)"
            type="password"
            value={s.passphrase}
            onChange={(v) => s.setField('passphrase', v)}
            hint="Encrypts the private key in the keychain. At least 8 characters, or leave empty."
          />
          <button type="button" className={s.key ? 'button' : 'button button-primary'} onClick={s.generateKey} disabled={s.keyBusy}>
            {s.keyBusy ? 'Generating…' : s.key ? 'Generate a new key pair' : 'Generate key pair'}
          </button>
        </section>
      )}

      {s.authMode === 'import' && (
        <section className="subsection" aria-label="Import a key">
          <Field id="wizard-key-file" label="Key file (.p8 or .pem)" hint={s.importFileName ? `Read ${s.importFileName}.` : undefined}>
            <input
              id="wizard-key-file"
              className="input-file"
              type="file"
              accept=".p8,.pem,.key,text/plain"
              onChange={(event) => readFile(event.target.files?.[0])}
            />
          </Field>
          <Field id="wizard-key-paste" label="Or paste the private key">
            <textarea
              id="wizard-key-paste"
              className="input input-mono textarea"
              rows={5}
              spellCheck={false}
              placeholder="-----BEGIN PRIVATE KEY----- …"
              value={s.importPem}
              onChange={(event) => {
                s.setField('importPem', event.target.value);
                s.setField('importFileName', '');
              }}
            />
          </Field>
          <TextField
            id="wizard-import-passphrase"
            label="Passphrase (if the key is encrypted)"
            type="password"
            value={s.importPassphrase}
            onChange={(v) => s.setField('importPassphrase', v)}
          />
          <button type="button" className="button button-primary" onClick={s.importKey} disabled={s.keyBusy}>
            {s.keyBusy ? 'Importing…' : 'Import key'}
          </button>
        </section>
      )}

      {s.authMode === 'password' && (
        <div className="notice notice-warn" role="note">
          <p className="notice-title">Snowflake is retiring password sign-in for service users.</p>
          <p>
            Users with <code>TYPE = SERVICE</code> will no longer be able to sign in with a password alone. A key pair
            keeps working; choose a password only if you cannot use one yet. You will enter the password on the next step.
          </p>
        </div>
      )}

      {s.keyError && <ErrorNotice error={s.keyError} />}
      {s.authMode !== 'password' && s.key && <KeyFacts keyInfo={s.key} />}
      {s.authMode !== 'password' && !s.key && s.attempted.auth && problems.key && (
        <p className="field-error" role="alert">
          {problems.key}
        </p>
      )}
    </>
  );
}
