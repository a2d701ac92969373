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
/** Counting missed slots stops here: "at least 10,000" says enough. */
export const MISSED_COUNT_CAP = 10_000;

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
  for (let s = next(first); s && s.getTime() <= now.getTime() && due < MISSED_COUNT_CAP; s = next(s)) {
    latest = s;
    due += 1;
  }
  if (due === MISSED_COUNT_CAP) latest = lastDueBefore(next, latest, now);
  const following = next(now);
  const latestOnTime = now.getTime() - latest.getTime() <= onTimeMs;
  const missed = latestOnTime ? due - 1 : due;
  if (latestOnTime || policy === 'once') return { action: 'run', slot: latest, missed, next: following };
  return { action: 'skip', slot: latest, missed, next: following };
}

/** Past the counting cap, the latest due slot is still needed (to not plan the same again). */
function lastDueBefore(next: (after: Date) => Date | null, from: Date, now: Date): Date {
  let latest = from;
  for (let s = next(from); s && s.getTime() <= now.getTime(); s = next(s)) latest = s;
  return latest;
}
