import { useState } from 'react';
import { CodeBlock } from '../../components/code-block';
import { ErrorNotice } from '../../components/error-notice';
import { RequestView } from '../../components/request-view';
import { useDestinationTest } from './destination-test-store';

/**
 * "Send test event" (or record) on a destination's row. A test the destination stores for real
 * (CluedIn) takes a second click on a button that says so.
 */
export function TestButton(props: { name: string; noun: string; stores?: string; sending: boolean; onSend: () => void }) {
  const [armed, setArmed] = useState(false);
  const label = `Send test ${props.noun}`;
  if (armed) {
    return (
      <span className="confirm">
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            setArmed(false);
            props.onSend();
          }}
        >
          {props.stores}
        </button>
        <button type="button" className="button button-quiet" onClick={() => setArmed(false)}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <button type="button" className="button" onClick={() => (props.stores ? setArmed(true) : props.onSend())} disabled={props.sending} aria-label={`${label} to ${props.name}`}>
      {props.sending ? 'Sending…' : label}
    </button>
  );
}

/** The answer to "Send test event": accepted or not, the HTTP status, the request as sent (key masked) and the response. */
export function DestinationTestView(props: { name: string; noun: string; sends: string }) {
  const { sending, result, error, close } = useDestinationTest();
  return (
    <section className="row-panel" aria-label={`Test ${props.noun} of ${props.name}`}>
      <h3>Test {props.noun}</h3>
      <p className="muted small">{props.sends}</p>
      {sending && (
        <p className="progress" role="status">
          <span className="spinner" aria-hidden="true" /> Sending one test {props.noun}…
        </p>
      )}
      {error && <ErrorNotice error={error} />}
      {result && (
        <div className="test-result">
          <p className="test-outcome" data-testid="test-event-outcome">
            <span className={result.ok ? 'badge badge-ok' : 'badge badge-failed'}>{result.ok ? 'Accepted' : 'Failed'}</span>
            <span data-testid="test-event-status">{result.status === null ? 'No answer' : `HTTP ${result.status}`}</span>
          </p>
          <p data-testid="test-event-message">{result.message}</p>
          <h4>Request sent</h4>
          <RequestView request={result.request} label="Test request body" />
          <h4>Response</h4>
          {result.response ? <CodeBlock label="Test response body" code={result.response} /> : <p className="muted small">No response body.</p>}
        </div>
      )}
      {!sending && (
        <button type="button" className="button button-quiet" onClick={close}>
          Close
        </button>
      )}
    </section>
  );
}
