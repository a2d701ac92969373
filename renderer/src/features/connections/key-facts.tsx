import type { KeyInfo } from '../../../../shared/schemas';

/** The public half of a key, as the user will see it again in `DESC USER`. */
export function KeyFacts(props: { keyInfo: KeyInfo }) {
  return (
    <dl className="facts key-facts" aria-label="Key pair">
      <dt>Key</dt>
      <dd>
        {props.keyInfo.name}
        {props.keyInfo.encrypted && <span className="badge">Passphrase</span>}
      </dd>
      <dt>Fingerprint</dt>
      <dd>
        <code data-testid="key-fingerprint">{props.keyInfo.fingerprint}</code>
        <div className="muted small">
          After the setup SQL runs, <code>DESC USER</code> shows this as <code>RSA_PUBLIC_KEY_FP</code>.
        </div>
      </dd>
    </dl>
  );
}
