import type { Notification, Preferences, Run } from '../../../shared/schemas';
import type { SyncHealthFlags } from '../store/repositories/notifications';

export type NewNotification = Omit<Notification, 'id' | 'read' | 'at' | 'syncId' | 'runId'>;

const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;

/**
 * A finished run against the sync's last notified state: the new state, and what to say about
 * the change. One notification per change of state (failing, recovered, rejecting too many
 * rows), never one per failed run. Pure.
 */
export function healthChange(
  syncName: string,
  previous: SyncHealthFlags,
  run: Pick<Run, 'status' | 'counters' | 'error'>,
  preferences: Pick<Preferences, 'notifyOnFailure' | 'notifyOnRecovery' | 'notifyOnRejected' | 'rejectedThresholdPercent'>,
): { next: SyncHealthFlags; notify: NewNotification[] } {
  if (run.status !== 'succeeded' && run.status !== 'partially_succeeded' && run.status !== 'failed') return { next: previous, notify: [] };
  const failing = run.status === 'failed';
  const share = run.counters.read > 0 ? run.counters.rejected / run.counters.read : 0;
  const rejecting = !failing && run.counters.rejected > 0 && share * 100 > preferences.rejectedThresholdPercent;
  const notify: NewNotification[] = [];
  if (failing && !previous.failing && preferences.notifyOnFailure) {
    notify.push({ kind: 'failed', title: `${syncName} failed`, body: run.error ? `${run.error.message} ${run.error.remedy}` : 'The run failed.' });
  }
  if (!failing && previous.failing && preferences.notifyOnRecovery) {
    notify.push({ kind: 'recovered', title: `${syncName} recovered`, body: `The last run ${run.status === 'succeeded' ? 'succeeded' : 'delivered rows again'}: ${run.counters.sent.toLocaleString('en-GB')} sent.` });
  }
  if (rejecting && !previous.rejecting && preferences.notifyOnRejected) {
    notify.push({
      kind: 'rejected',
      title: `${syncName}: ${run.counters.rejected.toLocaleString('en-GB')} rows rejected`,
      body: `${pct(share)} of the rows read were rejected (your threshold is ${preferences.rejectedThresholdPercent}%). Open the run to see why.`,
    });
  }
  // A failed run says nothing about rejections: that state stands until a run completes.
  return { next: { failing, rejecting: failing ? previous.rejecting : rejecting }, notify };
}
