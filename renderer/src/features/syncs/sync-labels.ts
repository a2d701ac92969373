import type { Strategy, SyncStatus } from '../../../../shared/schemas';

export const STRATEGY_LABEL: Record<Strategy, string> = {
  full: 'Full',
  incremental: 'Incremental',
  diff: 'Changed rows',
  'cdc-append': 'Change tracking (inserts)',
  'cdc-mirror': 'Change tracking (mirror)',
};

export const SYNC_STATUS_LABEL: Record<SyncStatus, string> = {
  running: 'Running',
  waiting: 'Waiting',
  scheduled: 'Scheduled',
  paused: 'Paused',
  draft: 'Not run yet',
  manual: 'Manual',
  failing: 'Failing',
  finished: 'Finished',
};
