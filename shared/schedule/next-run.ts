import type { CatchUp, Schedule } from '../schemas/sync';
import { stepper } from './slots';

/**
 * When a sync is next due: the first slot after the last one it ran (or skipped) for. A result
 * in the past means it is overdue: slots passed while the computer slept or Floe was closed.
 * With no last slot, the first slot after now. A last slot in the future means the clock was
 * set backwards: the schedule continues from now rather than waiting for the old time to return.
 */
export function nextRun(schedule: Schedule, lastRun: Date | null, now: Date): Date | null {
  const base = lastRun === null || lastRun.getTime() > now.getTime() ? now : lastRun;
  return stepper(schedule)(base);
}

/** A slot counts as on time while the scheduler reaches it within this (ticks, a busy machine). */
export const ON_TIME_MS = 60_000;
/** Counting missed slots stops here: "at least 1,000" says enough, and a month asleep on a per-minute cron stays quick. */
export const MISSED_COUNT_CAP = 1_000;

export type TickPlan =
  /** Nothing due; `next` is the next slot (null: the schedule has no more). */
  | { action: 'wait'; next: Date | null }
  /** Run now, for `slot` (the latest slot due); `missed` slots before it passed unrun. */
  | { action: 'run'; slot: Date; missed: number; next: Date | null }
  /** Every due slot passed unrun and the policy is to skip them: record that, run at `next`. */
  | { action: 'skip'; slot: Date; missed: number; next: Date | null };

/**
 * What the scheduler does for one sync at `now`, from the last slot it handled. A laptop that
 * wakes after 8 hours of an hourly schedule finds 8 slots due: with `once` it runs once and
 * records 8 missed; with `skip` it records them missed and waits for the next slot. Pure: the
 * same inputs always plan the same, whichever process asks.
 */
export function planTick(schedule: Schedule, lastSlot: Date | null, now: Date, policy: CatchUp, onTimeMs = ON_TIME_MS): TickPlan {
  const next = stepper(schedule);
  const first = nextRun(schedule, lastSlot, now);
  if (first === null || first.getTime() > now.getTime()) return { action: 'wait', next: first };

  let latest = first;
  let due = 1;
  for (let s = next(first); s && s.getTime() <= now.getTime(); s = next(s)) {
    if (due === MISSED_COUNT_CAP) {
      latest = latestDue(next, first, now);
      break;
    }
    latest = s;
    due += 1;
  }
  const following = next(now);
  const latestOnTime = now.getTime() - latest.getTime() <= onTimeMs;
  const missed = due >= MISSED_COUNT_CAP ? MISSED_COUNT_CAP : latestOnTime ? due - 1 : due;
  if (latestOnTime || policy === 'once') return { action: 'run', slot: latest, missed, next: following };
  return { action: 'skip', slot: latest, missed, next: following };
}

/**
 * The latest slot at or before `now`, without walking every slot since `first`: widen a window
 * back from now until it holds a slot, then walk the few slots inside it.
 */
function latestDue(next: (after: Date) => Date | null, first: Date, now: Date): Date {
  let window = 60_000;
  let from = Math.max(first.getTime() - 1, now.getTime() - window);
  let s = next(new Date(from));
  while (!s || s.getTime() > now.getTime()) {
    window *= 2;
    from = Math.max(first.getTime() - 1, now.getTime() - window);
    s = next(new Date(from));
  }
  for (let t = next(s); t && t.getTime() <= now.getTime(); t = next(t)) s = t;
  return s;
}
