import type { EventBus } from '../event-bus';
import type { Logger } from '../log';
import type { Store } from '../store';
import { healthChange } from './health-change';

const FINISHED = new Set(['succeeded', 'partially_succeeded', 'failed']);

/**
 * Turns finished runs into notifications when a sync's health changes: stored (the in-app
 * list), and pushed as `notifications.new` (the desktop app shows it natively).
 */
export function startNotifier(store: Store, events: EventBus, log: Logger, now: () => Date): () => void {
  return events.attach((name, payload) => {
    if (name !== 'runs.changed') return;
    const { runId, syncId, status } = payload as { runId: string; syncId: string; status: string };
    if (!FINISHED.has(status)) return;
    const run = store.runs.get(runId);
    const sync = store.syncs.get(syncId);
    if (!run || !sync || run.dryRun) return;
    const { next, notify } = healthChange(sync.name, store.notifications.health(syncId), run, store.preferences.get());
    store.notifications.setHealth(syncId, next);
    for (const n of notify) {
      const saved = store.notifications.add({ ...n, at: now().toISOString(), syncId, runId });
      log.info('notification', { kind: saved.kind, syncId, runId });
      events.emit('notifications.new', saved);
    }
  });
}
