import { useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../../../shared/ipc';
import type { EventPayload } from '../../../../shared/ipc/events';
import type { Run } from '../../../../shared/schemas';
import { floe, toIpcError, unwrap } from '../../lib/api';
import type { RunPhase } from './run-labels';

export type Progress = EventPayload<'runs.progress'>;

export const FINAL_STATUSES: ReadonlySet<Run['status']> = new Set(['succeeded', 'partially_succeeded', 'failed', 'cancelled', 'skipped']);

/**
 * One run as core records it, kept current while it runs: progress events update the counters
 * as they come, and a status change fetches the record again for its final state.
 */
export function useLiveRun(runId: string | null) {
  const [run, setRun] = useState<Run | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const refresh = useCallback(async () => {
    if (!runId) return;
    try {
      const fresh = await unwrap(floe.runs.get({ id: runId }));
      setRun(fresh);
      setError(null);
    } catch (e) {
      setError(toIpcError(e));
    }
  }, [runId]);

  useEffect(() => {
    // Callers key their component by run id, so state never carries over from another run.
    if (!runId) return;
    const offProgress = floe.on('runs.progress', (p) => {
      if (p.runId === runId) setProgress(p);
    });
    const offChanged = floe.on('runs.changed', (c) => {
      if (c.runId === runId) void refresh();
    });
    let current = true;
    unwrap(floe.runs.get({ id: runId })).then(
      (fresh) => current && setRun(fresh),
      (e: unknown) => current && setError(toIpcError(e)),
    );
    return () => {
      current = false;
      offProgress();
      offChanged();
    };
  }, [runId, refresh]);

  // While a run is in flight the record is the slower truth; the latest progress is the faster one.
  const live = run && !FINAL_STATUSES.has(run.status) && progress ? { ...run, counters: progress.counters } : run;
  return { run: live, progress: run && FINAL_STATUSES.has(run.status) ? null : progress, error, refresh };
}

/**
 * The phase an open run last reported (null before its first progress event, and once `active`
 * is false): what the run is doing, which its record's status ("queued", "running") does not say.
 */
export function useRunPhase(runId: string, active: boolean): RunPhase | null {
  const [phase, setPhase] = useState<{ runId: string; phase: RunPhase } | null>(null);
  useEffect(() => {
    if (!active) return;
    return floe.on('runs.progress', (p) => {
      if (p.runId === runId) setPhase({ runId, phase: p.phase });
    });
  }, [runId, active]);
  return active && phase?.runId === runId ? phase.phase : null;
}
