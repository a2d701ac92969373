import { describeSchedule, formatRunTime, localTimeZone, nextRun, scheduleTimeZone } from '../../../shared/schedule';
import type { Run, Sync, SyncOverview } from '../../../shared/schemas';
import { signatureOf } from '../scheduler/scheduler';
import type { CoreContext } from './context';

/** How many finished runs health looks back over. */
export const HEALTH_RUNS = 10;

/**
 * Share of rows delivered over recent runs: rows sent ÷ rows that needed sending (read, less
 * those unchanged). Rejected rows and rows a run never got to send count against it; runs with
 * nothing to send do not count. Null without such runs.
 */
export function healthOf(runs: readonly Run[]): { health: number | null; runs: number } {
  let sent = 0;
  let due = 0;
  let counted = 0;
  for (const run of runs) {
    const needed = run.counters.read - run.counters.unchanged;
    if (run.dryRun || run.status === 'skipped' || needed <= 0) continue;
    sent += run.counters.sent;
    due += needed;
    counted += 1;
  }
  return { health: due === 0 ? null : Math.min(1, sent / due), runs: counted };
}

function statusOf(sync: Sync, open: Run | undefined, last: Run | null, nextRunAt: Date | null, zone: string, now: Date): Pick<SyncOverview, 'status' | 'statusText'> {
  if (open) return open.status === 'queued' ? { status: 'waiting', statusText: 'Waiting to start' } : { status: 'running', statusText: 'Running' };
  if (!sync.enabled) return { status: 'paused', statusText: 'Paused: its schedule does not run until resumed' };
  if (last?.status === 'failed') return { status: 'failing', statusText: `Failing since ${formatRunTime(new Date(last.finishedAt ?? last.queuedAt), zone)}` };
  if (sync.schedule.kind === 'manual') return last ? { status: 'manual', statusText: 'Runs when you click Run now' } : { status: 'draft', statusText: 'Not run yet' };
  if (!nextRunAt) return { status: 'finished', statusText: 'Its schedule has no more runs' };
  if (nextRunAt <= now) return { status: 'scheduled', statusText: `Due since ${formatRunTime(nextRunAt, zone)}: runs as soon as Floe's scheduler is running` };
  return { status: 'scheduled', statusText: `Scheduled: next run ${formatRunTime(nextRunAt, zone)}` };
}

/** The sync list: one row per sync, from the run history and the scheduler's state. */
export function syncOverviews(ctx: CoreContext): SyncOverview[] {
  const { store } = ctx;
  return store.syncs.list().map((sync) => {
    const zone = scheduleTimeZone(sync.schedule, localTimeZone());
    const recent = store.runs.list({ syncId: sync.id, limit: 50 }).filter((r) => !r.dryRun);
    const open = store.runs.openRun(sync.id);
    // The last run that happened: a skipped tick is in the history but says nothing about how the sync does.
    const last = recent.find((r) => r.status !== 'queued' && r.status !== 'running' && r.status !== 'skipped') ?? recent.find((r) => r.status === 'skipped') ?? null;
    const state = store.schedules.get(sync.id);
    // From the scheduler's last handled slot when it has seen this schedule; otherwise (just
    // saved, or only the CLI has run) from now, as the scheduler will start it.
    const current = state && state.signature === signatureOf(sync) ? state.lastSlotAt : null;
    const nextRunAt = sync.enabled && sync.schedule.kind !== 'manual' ? nextRun(sync.schedule, current, ctx.clock.now()) : null;
    const finished = recent.filter((r) => r.status !== 'queued' && r.status !== 'running').slice(0, HEALTH_RUNS);
    const { health, runs } = healthOf(finished);
    return {
      syncId: sync.id,
      ...statusOf(sync, open, last, nextRunAt, zone, ctx.clock.now()),
      schedule: describeSchedule(sync.schedule),
      nextRunAt: nextRunAt?.toISOString() ?? null,
      nextRunText: nextRunAt ? formatRunTime(nextRunAt, zone) : null,
      lastRun: last,
      activeRunId: open?.id ?? null,
      health,
      healthRuns: runs,
    };
  });
}
