import { z } from 'zod';
import { AppStatus, Id, Notification, Preferences, RunCounters, RunStatus } from '../schemas';
import { EVENT_NAMES, type EventName } from './names';

/** Push events, main → renderer. Payloads are validated before they leave core. */
export const events = {
  'app.status': AppStatus,
  'runs.changed': z.object({ runId: Id, syncId: Id, status: RunStatus }),
  'runs.progress': z.object({
    runId: Id,
    phase: z.enum(['waiting', 'connecting', 'extracting', 'delivering', 'committing', 'done']),
    counters: RunCounters,
    rowsPerSecond: z.number().nonnegative(),
    /** While waiting (for the network): what for, in words. */
    message: z.string().optional(),
  }),
  /** A sync's schedule state changed (next run, paused, resumed): lists refresh. */
  'syncs.changed': z.object({ syncId: Id }),
  'notifications.new': Notification,
  'preferences.changed': Preferences,
  /** The desktop shell asks the window to show a page (a notification clicked): a hash route such as `#/runs/<id>`. */
  'app.navigate': z.object({ route: z.string().regex(/^#\/[\w/-]*$/) }),
} as const satisfies Record<EventName, z.ZodType>;

export type Events = typeof events;
export type { EventName } from './names';
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const eventNames: readonly EventName[] = EVENT_NAMES;
