import { powerSaveBlocker } from 'electron';
import type { EventBus } from '../core/event-bus';
import type { Logger } from '../core/log';
import type { AppStatus } from '../../shared/schemas';

/**
 * Holds off system sleep exactly while a run is active: a laptop that idles into sleep halfway
 * through a sync leaves a run to fail and repeat. Only the app may not be suspended; the screen
 * may still turn off. One blocker at most, released as soon as the last run ends, because a
 * forgotten blocker drains a battery overnight.
 */
export function keepAwakeWhileRunning(events: EventBus, initial: AppStatus, log: Logger): () => void {
  let blocker: number | undefined;
  const follow = (status: AppStatus) => {
    const held = blocker !== undefined && powerSaveBlocker.isStarted(blocker);
    if (status.runningSyncs > 0 && !held) {
      blocker = powerSaveBlocker.start('prevent-app-suspension');
      log.info('power.blocker_started', { runningSyncs: status.runningSyncs });
    } else if (status.runningSyncs === 0 && blocker !== undefined) {
      release();
    }
  };
  const release = () => {
    if (blocker === undefined) return;
    if (powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
    blocker = undefined;
    log.info('power.blocker_stopped');
  };
  follow(initial);
  const detach = events.attach((name, payload) => {
    if (name === 'app.status') follow(payload as AppStatus);
  });
  return () => {
    detach();
    release();
  };
}
