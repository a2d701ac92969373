import { Fragment } from 'react';
import { rowKeyText } from './row-key-text';

/**
 * A row's key as people read it (see row-key-text.ts): the primary key's "COLUMN = value" pairs,
 * a digest's start, or the row's place in the run. Rejected rows and dry-run samples alike.
 */
export function RowKey(props: { rowKey: string; primaryKey: readonly string[] | null; reason?: string | null }) {
  const key = rowKeyText(props.rowKey, props.primaryKey, props.reason ?? '');
  if (key.kind === 'digest') {
    // A digest says nothing to a person beyond telling rows apart: its start does that, the whole is in the title.
    return (
      <span className="row-key" title={key.text}>
        Digest <code className="row-digest">{props.rowKey.slice(0, 12)}…</code>
      </span>
    );
  }
  if (key.kind !== 'columns') {
    return (
      <span className={key.kind === 'position' ? 'row-key' : 'mono-cell'} title={props.rowKey}>
        {key.text}
      </span>
    );
  }
  // Each "COLUMN = value" stays on one line; a key of several columns wraps between them.
  return (
    <span className="row-key" title={key.text}>
      {key.parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && ', '}
          <span className="row-key-part">{part}</span>
        </Fragment>
      ))}
    </span>
  );
}
