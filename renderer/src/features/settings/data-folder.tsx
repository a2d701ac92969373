import { useEffect, useState } from 'react';
import type { IpcError } from '../../../../shared/ipc';
import { ErrorNotice } from '../../components/error-notice';
import { floe, toIpcError, unwrap } from '../../lib/api';

/**
 * The data folder's path with what this window can do with it: the desktop app opens it in the
 * file manager; a browser page (the headless host) cannot, so it offers the path to copy.
 */
export function DataFolder(props: { path: string; desktop: boolean }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'copy-failed'>('idle');
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    if (status !== 'copied') return;
    const timer = setTimeout(() => setStatus('idle'), 4000);
    return () => clearTimeout(timer);
  }, [status]);

  const open = async () => {
    setError(null);
    try {
      await unwrap(floe.app.openDataFolder());
    } catch (e) {
      setError(toIpcError(e));
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.path);
      setStatus('copied');
    } catch {
      setStatus('copy-failed');
    }
  };

  return (
    <>
      <div className="data-folder">
        <code>{props.path}</code>
        {props.desktop ? (
          <button type="button" className="button" onClick={open} aria-label="Open the data folder">
            Open
          </button>
        ) : (
          <button type="button" className="button" onClick={copy} aria-label="Copy data folder path">
            Copy
          </button>
        )}
        <span className="data-folder-status" aria-live="polite">
          {status === 'copied' ? 'Copied' : status === 'copy-failed' ? 'Copy failed: select the path and copy it' : ''}
        </span>
      </div>
      {!props.desktop && <p className="muted small">A browser page cannot open folders: paste the path into your file manager.</p>}
      {error && <ErrorNotice error={error} />}
    </>
  );
}
