import { useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../../../shared/ipc';
import type { RunEvent } from '../../../../shared/schemas';
import { floe, toIpcError, unwrap } from '../../lib/api';

/** Progress comes four times a second; a retry mid-phase shows within this long without asking that often. */
const REFETCH_WHILE_ACTIVE_MS = 5_000;

/**
 * A run's timeline from core, kept current while the run is active: fetched again when its phase
 * changes (or a wait's message does), when its status changes, and now and then in between so
 * retries within a phase appear. Callers key their component by run id, so answers for another
 * run never land here.
 */
export function useRunTimeline(runId: string, active: boolean) {
  const [events, setEvents] = useState<RunEvent[] | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const refresh = useCallback(async () => {
    try {
      const fresh = await unwrap(floe.runs.events({ id: runId }));
      setEvents(fresh);
      setError(null);
    } catch (e) {
      setError(toIpcError(e));
    }
  }, [runId]);

  useEffect(() => {
    let current = true;
    unwrap(floe.runs.events({ id: runId })).then(
      (fresh) => current && setEvents(fresh),
      (e: unknown) => current && setError(toIpcError(e)),
    );
    const off = floe.on('runs.changed', (c) => {
      if (c.runId === runId) void refresh();
    });
    return () => {
      current = false;
      off();
    };
  }, [runId, refresh]);

  useEffect(() => {
    if (!active) return;
    let seen = '';
    let fetchedAt = Date.now();
    return floe.on('runs.progress', (p) => {
      if (p.runId !== runId) return;
      const step = `${p.phase}\n${p.message ?? ''}`;
      if (step !== seen || Date.now() - fetchedAt >= REFETCH_WHILE_ACTIVE_MS) {
        seen = step;
        fetchedAt = Date.now();
        void refresh();
      }
    });
  }, [runId, active, refresh]);

  return { events, error, refresh };
}
