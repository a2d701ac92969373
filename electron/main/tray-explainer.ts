import type { EventBus } from '../core/event-bus';
import type { PreferencesRepository } from '../core/store/repositories/preferences';
import { notify } from './notifications';

/**
 * Closing the window does not quit Floe (schedules keep running), which surprises people who
 * expect it to. Said once, the first time they close it, and remembered in preferences so it
 * never repeats, not even after a restart.
 */
export function explainTrayOnce(preferences: PreferencesRepository, events: EventBus): void {
  if (preferences.get().trayExplained) return;
  const shown = notify({
    title: 'Floe is still running',
    body: 'Floe keeps running in the tray so scheduled syncs run; quit from the tray menu.',
  });
  // Where the OS shows no notifications nothing was said, so there is nothing to remember.
  if (!shown) return;
  events.emit('preferences.changed', preferences.set({ trayExplained: true }));
}
