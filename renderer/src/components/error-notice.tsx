import type { ReactNode } from 'react';
import type { IpcError } from '../../../shared/ipc';
import { CodeBlock } from './code-block';

/** What went wrong and what to do; with the SQL that fixes it when that is the fix. */
export function ErrorNotice(props: { error: IpcError & { sql?: string | null }; onRetry?: () => void; children?: ReactNode }) {
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{props.error.message}</p>
      <p>{props.error.remedy}</p>
      {props.error.sql && <CodeBlock code={props.error.sql} label="SQL that fixes this" />}
      {props.children}
      {props.onRetry && (
        <button type="button" className="button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
