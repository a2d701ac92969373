import type { ReactNode } from 'react';

/** What a page shows before there is anything on it: what this is, and what to do next. */
export function EmptyState(props: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section className="empty-state" aria-label={props.title}>
      <h2>{props.title}</h2>
      <div className="empty-state-body">{props.children}</div>
      {props.action && <div className="empty-state-action">{props.action}</div>}
    </section>
  );
}
