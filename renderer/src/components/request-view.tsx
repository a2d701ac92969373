import { headerLine, readableBody, type ShownRequest } from '../lib/request-body';
import { CodeBlock } from './code-block';

/** One HTTP request: its method and URL, headers (secrets masked by core) and body, form fields decoded. */
export function RequestView(props: { request: ShownRequest; label: string }) {
  const { request } = props;
  const body = readableBody(request);
  return (
    <div className="request">
      <p className="request-line" data-testid="request-line">
        <span className="request-method">{request.method}</span> <span className="request-url">{request.url}</span>
      </p>
      <p className="small muted request-headers">{headerLine(request.headers)}</p>
      {body.decoded && <p className="small muted request-note">Form-encoded: each field on its own line, decoded.</p>}
      <CodeBlock label={props.label} code={body.text} />
      {body.decoded && (
        <details className="disclosure">
          <summary>As sent (encoded)</summary>
          <CodeBlock label={`${props.label} as sent`} code={request.body} />
        </details>
      )}
    </div>
  );
}
