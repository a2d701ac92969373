import { useState } from 'react';
import type { IpcError } from '../../../../shared/ipc';
import type { Connection, ConnectionTestResult, KeyInfo } from '../../../../shared/schemas';
import { CodeBlock } from '../../components/code-block';
import { ErrorNotice } from '../../components/error-notice';
import { floe, toIpcError, unwrap } from '../../lib/api';
import { KeyFacts } from './key-facts';
import { TestResultView } from './test-result-view';

/**
 * Key rotation without downtime: the new key goes to RSA_PUBLIC_KEY_2, Floe switches once a
 * test with it passes, then offers the SQL that removes the old key.
 */
export function RotateKeyPanel(props: { connection: Connection; onChanged: () => void; onClose: () => void }) {
  const c = props.connection;
  const [key, setKey] = useState<KeyInfo | null>(null);
  const [sql, setSql] = useState<string | null>(null);
  const [busy, setBusy] = useState<'generating' | 'testing' | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);

  const start = async () => {
    setBusy('generating');
    setError(null);
    try {
      const stamp = new Date().toISOString().replace('T', ' ').slice(0, 19);
      const generated = await unwrap(floe.keys.generate({ name: `${c.name} key ${stamp}`.slice(0, 100) }));
      setKey(generated);
      setSql((await unwrap(floe.connections.startRotation({ id: c.id, keyId: generated.id }))).sql);
    } catch (e) {
      setError(toIpcError(e));
    }
    setBusy(null);
  };

  const test = async () => {
    setBusy('testing');
    setError(null);
    try {
      setResult(await unwrap(floe.connections.test({ id: c.id })));
    } catch (e) {
      setError(toIpcError(e));
    }
    setBusy(null);
    props.onChanged();
  };

  return (
    <section className="row-panel" aria-label={`Rotate the key of ${c.name}`}>
      <h3>Rotate the key of {c.name}</h3>
      {!sql && (
        <>
          <p>
            Floe generates a new key pair and writes the SQL that adds it as <code>RSA_PUBLIC_KEY_2</code>. The current key
            keeps working until a test with the new one passes.
          </p>
          <div className="step-toolbar">
            <button type="button" className="button button-primary" onClick={start} disabled={busy !== null}>
              {busy === 'generating' ? 'Generating…' : 'Generate new key'}
            </button>
            <button type="button" className="button button-quiet" onClick={props.onClose}>
              Close
            </button>
          </div>
        </>
      )}
      {key && <KeyFacts keyInfo={key} />}
      {sql && (
        <>
          <CodeBlock code={sql} label="Rotation SQL" />
          <p className="muted small">Run it in Snowflake, then test: Floe switches to the new key when the test passes.</p>
          <div className="step-toolbar">
            <button type="button" className="button button-primary" onClick={test} disabled={busy !== null}>
              {busy === 'testing' ? 'Testing…' : result ? 'Test again' : 'Test with the new key'}
            </button>
            <button type="button" className="button button-quiet" onClick={props.onClose} disabled={busy !== null}>
              Close
            </button>
          </div>
        </>
      )}
      {error && <ErrorNotice error={error} />}
      {result?.error && <ErrorNotice error={result.error} />}
      {result && <TestResultView result={result} />}
      {result?.rotation && (
        <>
          <p>Floe now signs in with the new key. Remove the old one from Snowflake:</p>
          <CodeBlock code={result.rotation.unsetSql} label="SQL that removes the old key" />
        </>
      )}
    </section>
  );
}
