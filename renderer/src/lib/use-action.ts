import { useCallback, useState } from 'react';
import type { IpcError, Result } from '../../../shared/ipc';
import { toIpcError, unwrap } from './api';

/** Runs a call, keeps its error for the page to show, then refreshes what the page lists. */
export function useAction<A extends unknown[]>(
  call: (...args: A) => Promise<Result<unknown>>,
  after: () => Promise<void>,
): [(...args: A) => Promise<void>, IpcError | null] {
  const [error, setError] = useState<IpcError | null>(null);
  const run = useCallback(
    async (...args: A) => {
      try {
        await unwrap(call(...args));
        setError(null);
      } catch (e) {
        setError(toIpcError(e));
      }
      await after();
    },
    [call, after],
  );
  return [run, error];
}
