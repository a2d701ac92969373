import { MISSED_COUNT_CAP, formatRunTime, localTimeZone, planTick, scheduleTimeZone, slotAfter, nextRun } from '../../../shared/schedule';
import type { Schedule, Sync } from '../../../shared/schemas';
import type { Clock } from '../clock';
import type { EngineHost } from '../engine-host/engine-host';
import type { EventBus } from '../event-bus';
import type { Logger } from '../log';
import type { Store } from '../store';
import type { ScheduleState } from '../store/repositories/schedule-state';
import { missedNote, type AwayReason } from './missed-note';

export interface SchedulerOptions {
  store: Store;
  engine: EngineHost;
  events: EventBus;
  log: Logger;
  clock: Clock;
  /** The longest the scheduler sleeps between looks (it also wakes for the next due slot). */
  tickMs?: number;
}

export interface Upcoming {
  syncId: string;
  name: string;
  at: Date;
  /** "Mon 3 Feb 09:00 Europe/Berlin" */
  text: string;
}

const DEFAULT_TICK_MS = 15_000;
/** A look that comes this much later than planned means the machine slept or the clock jumped. */
const JUMP_MS = 60_000;

/** What the slots are for: a new schedule, or a paused sync resumed, starts afresh. */
export const signatureOf = (sync: Sync): string => JSON.stringify({ schedule: sync.schedule, enabled: sync.enabled });

const policyOf = (schedule: Schedule) => (schedule.kind === 'manual' ? 'once' : schedule.catchUp);

/**
 * Starts due runs. Everything it knows is in SQLite (`schedule_state`: the last slot handled
 * per sync), so missed slots are found the same way after sleep, a closed app or a reboot, and
 * the app, the headless host and `floe scheduler` can share a data folder: a slot is claimed
 * with a compare-and-set before it runs, and the run lease stops overlapping runs.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private lastLook: Date | null = null;
  private startedAt: Date | null = null;
  private sleptUntil: Date | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: SchedulerOptions) {}

  get active(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = this.options.clock.now();
    this.options.log.info('scheduler.started', { tickMs: this.tickMs });
    void this.scan('start');
  }

  /** Stops looking; runs in progress are the engine host's to finish. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.chain;
    this.options.log.info('scheduler.stopped');
  }

  private get tickMs(): number {
    return this.options.tickMs ?? DEFAULT_TICK_MS;
  }

  /** Looks now: on wake, unlock, a schedule saved, or the timer. Looks never overlap. */
  scan(reason: string): Promise<void> {
    this.chain = this.chain.then(() => this.look(reason)).catch((error: unknown) => {
      this.options.log.error('scheduler.failed', { reason, message: (error as Error).message });
    });
    return this.chain;
  }

  private look(reason: string): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    const { store, log, clock } = this.options;
    const now = clock.now();
    this.noticeClock(now, reason);
    let earliest: Date | null = null;
    for (const sync of store.syncs.list()) {
      try {
        const next = this.consider(sync, now);
        if (next && (!earliest || next < earliest)) earliest = next;
      } catch (error) {
        // One sync's trouble (deleted mid-look, a schedule an older Floe wrote) never stops the others.
        log.error('scheduler.sync_failed', { syncId: sync.id, message: (error as Error).message });
      }
    }
    this.lastLook = now;
    // Sleep until the next slot is due, but never longer than a tick: a changed clock or schedule is seen soon.
    const untilDue = earliest ? Math.max(0, earliest.getTime() - clock.now().getTime()) + 5 : this.tickMs;
    const wait = Math.min(this.tickMs, untilDue);
    this.timer = setTimeout(() => void this.scan('timer'), wait);
    this.timer.unref?.();
    if (reason !== 'timer') log.info('scheduler.scanned', { reason, nextLookMs: wait });
  }

  /** A look far later than planned: the machine slept (or the clock moved). Logged, and named in missed-run notes. */
  private noticeClock(now: Date, reason: string): void {
    const last = this.lastLook;
    if (!last) return;
    const gap = now.getTime() - last.getTime();
    if (gap > this.tickMs + JUMP_MS) {
      this.sleptUntil = now;
      this.options.log.warn('scheduler.clock_jump', { direction: 'forward', gapMs: gap, reason });
    } else if (gap < -JUMP_MS) {
      this.options.log.warn('scheduler.clock_jump', { direction: 'backward', gapMs: gap, reason });
    }
  }

  /** Handles one sync at `now`; returns when it is next due (null: not scheduled). */
  private consider(sync: Sync, now: Date): Date | null {
    const { store, events, log } = this.options;
    const signature = signatureOf(sync);
    const state = store.schedules.get(sync.id);
    if (!state || state.signature !== signature) {
      const next = sync.enabled ? nextRun(sync.schedule, now, now) : null;
      store.schedules.reset(sync.id, signature, now, next, now);
      log.info('scheduler.schedule_set', { syncId: sync.id, enabled: sync.enabled, kind: sync.schedule.kind, next: next?.toISOString() ?? null });
      events.emit('syncs.changed', { syncId: sync.id });
      return next;
    }
    if (!sync.enabled || sync.schedule.kind === 'manual') return null;

    const plan = planTick(sync.schedule, state.lastSlotAt, now, policyOf(sync.schedule));
    if (plan.action === 'wait') {
      if ((plan.next?.getTime() ?? null) !== (state.nextRunAt?.getTime() ?? null)) {
        store.schedules.setNext(sync.id, plan.next, now);
        events.emit('syncs.changed', { syncId: sync.id });
      }
      return plan.next;
    }
    if (!store.schedules.claim(sync.id, state, plan.slot, plan.next, now)) {
      log.info('scheduler.slot_taken', { syncId: sync.id, slot: plan.slot.toISOString() });
      return store.schedules.get(sync.id)?.nextRunAt ?? plan.next;
    }
    const zone = scheduleTimeZone(sync.schedule, localTimeZone());
    const note = plan.missed > 0 ? this.note(sync, state, plan.missed, plan.slot, plan.action === 'run' ? now : null, zone) : null;
    if (plan.action === 'skip') {
      store.runs.recordSkipped(
        sync.id,
        'schedule',
        {
          code: 'missed',
          message: note ?? 'Missed scheduled runs were skipped.',
          remedy: `The next run is ${plan.next ? formatRunTime(plan.next, zone) : 'not scheduled'}. To run once on waking instead, set "Missed runs" to "Run once" in the sync's schedule.`,
        },
        { note, scheduledFor: plan.slot, now },
      );
      log.info('scheduler.skipped_missed', { syncId: sync.id, missed: plan.missed, next: plan.next?.toISOString() ?? null });
    } else {
      log.info('scheduler.due', { syncId: sync.id, slot: plan.slot.toISOString(), missed: plan.missed });
      void this.options.engine
        .start(sync.id, 'schedule', { note, scheduledFor: plan.slot, waitForNetwork: true })
        .catch((error: unknown) => log.error('scheduler.start_failed', { syncId: sync.id, message: (error as Error).message }));
    }
    events.emit('syncs.changed', { syncId: sync.id });
    return plan.next;
  }

  private note(sync: Sync, state: ScheduleState, missed: number, latest: Date, ranAt: Date | null, zone: string): string {
    const first = (state.lastSlotAt && slotAfter(sync.schedule, state.lastSlotAt)) || latest;
    const away: AwayReason = this.startedAt && first < this.startedAt ? 'closed' : this.sleptUntil && this.sleptUntil >= first ? 'asleep' : 'busy';
    return missedNote(missed, away, first, latest, ranAt, zone, missed >= MISSED_COUNT_CAP);
  }

  /** Scheduled syncs by their next run, for the tray and the headless list. */
  upcoming(limit = 5): Upcoming[] {
    const { store } = this.options;
    const out: Upcoming[] = [];
    for (const sync of store.syncs.list()) {
      const at = store.schedules.get(sync.id)?.nextRunAt;
      if (!sync.enabled || !at || sync.schedule.kind === 'manual') continue;
      out.push({ syncId: sync.id, name: sync.name, at, text: formatRunTime(at, scheduleTimeZone(sync.schedule, localTimeZone())) });
    }
    return out.sort((a, b) => a.at.getTime() - b.at.getTime()).slice(0, limit);
  }
}
