import { useEffect, useState } from 'react';

/** Read-only SQL (or any text) the user copies elsewhere, with a Copy button that says it worked. */
export function CodeBlock(props: { code: string; label: string }) {
  // The outcome belongs to the text that was copied; new text starts without one.
  const [outcome, setOutcome] = useState<{ code: string; status: 'copied' | 'failed' } | null>(null);
  const copied = outcome?.code === props.code ? outcome.status : 'idle';
  useEffect(() => {
    if (copied !== 'copied') return;
    const timer = setTimeout(() => setOutcome(null), 4000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    const code = props.code;
    try {
      await navigator.clipboard.writeText(code);
      setOutcome({ code, status: 'copied' });
    } catch {
      setOutcome({ code, status: 'failed' });
    }
  };

  return (
    <figure className="code-block">
      <figcaption className="code-block-bar">
        <span className="code-block-label">{props.label}</span>
        <span className="code-block-actions">
          <span className="code-block-status" aria-live="polite">
            {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed: select the text and copy it' : ''}
          </span>
          <button type="button" className="button" onClick={copy} aria-label={`Copy ${props.label}`}>
            Copy
          </button>
        </span>
      </figcaption>
      <pre className="code-block-body" tabIndex={0} aria-label={props.label}>
        <code>{props.code}</code>
      </pre>
    </figure>
  );
}
