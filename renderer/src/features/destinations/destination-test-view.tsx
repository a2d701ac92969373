import { CodeBlock } from '../../components/code-block';
import { ErrorNotice } from '../../components/error-notice';
import { RequestView } from '../../components/request-view';
import { useDestinationTest } from './destination-test-store';

/** The answer to "Send test event": accepted or not, the HTTP status, the request as sent (key masked) and the response. */
export function DestinationTestView(props: { name: string; sends: string }) {
  const { sending, result, error, close } = useDestinationTest();
  return (
    <section className="row-panel" aria-label={`Test event of ${props.name}`}>
      <h3>Test event</h3>
      <p className="muted small">{props.sends}</p>
      {sending && (
        <p className="progress" role="status">
          <span className="spinner" aria-hidden="true" /> Sending one test event…
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
