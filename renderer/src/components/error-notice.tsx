import type { IpcError } from '../../../shared/ipc';

export function ErrorNotice(props: { error: IpcError; onRetry?: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{props.error.message}</p>
      <p>{props.error.remedy}</p>
      {props.onRetry && (
        <button type="button" className="button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
