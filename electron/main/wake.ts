import { powerMonitor } from 'electron';
import type { Logger } from '../core/log';

/**
 * A laptop that slept through a scheduled slot runs nothing until the scheduler looks again,
 * and its timer can wake up to 15 s late (timers do not count sleep on every OS). Looking at
 * once on wake and on unlock runs the catch-up while the person is there to see it.
 */
export function scanOnWake(scan: (reason: 'resume' | 'unlock-screen') => Promise<void>, log: Logger): () => void {
  const onSuspend = () => log.info('power.suspend');
  const onResume = () => {
    log.info('power.resume');
    void scan('resume');
  };
  const onUnlock = () => void scan('unlock-screen');
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onUnlock);
  return () => {
    powerMonitor.off('suspend', onSuspend);
    powerMonitor.off('resume', onResume);
    powerMonitor.off('unlock-screen', onUnlock);
  };
}
