import type { ReactNode } from 'react';
import type { IpcError } from '../../../shared/ipc';
import { CodeBlock } from './code-block';

/**
 * What went wrong and what to do; with the SQL that fixes it when that is the fix. `info` is for
 * outcomes that are not failures (a run the user cancelled): same words, no alarm.
 */
export function ErrorNotice(props: { error: IpcError & { sql?: string | null }; onRetry?: () => void; children?: ReactNode; tone?: 'error' | 'info' }) {
  const info = props.tone === 'info';
  return (
    <div className={info ? 'notice notice-info' : 'notice notice-error'} role={info ? 'status' : 'alert'}>
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
