import { useState } from 'react';

/** A destructive action takes two clicks; the second says exactly what will happen. */
export function ConfirmButton(props: { label: string; confirmLabel: string; onConfirm: () => void | Promise<void> }) {
  const [armed, setArmed] = useState(false);
  if (!armed) {
    return (
      <button type="button" className="button button-quiet" onClick={() => setArmed(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button
        type="button"
        className="button button-danger"
        onClick={async () => {
          setArmed(false);
          await props.onConfirm();
        }}
      >
        {props.confirmLabel}
      </button>
      <button type="button" className="button button-quiet" onClick={() => setArmed(false)}>
        Cancel
      </button>
    </span>
  );
}
