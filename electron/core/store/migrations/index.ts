import { initial } from './0001-initial';
import { keysAndConnectionObjects } from './0002-keys-and-connection-objects';
import { syncEngine } from './0003-sync-engine';
import { runOwner } from './0004-run-owner';
import { syncDataType } from './0005-sync-data-type';
import { scheduler } from './0006-scheduler';
import { snapshotGoneSince } from './0007-snapshot-gone-since';
import { runBatches } from './0008-run-batches';
import { runRowsInFlight } from './0009-run-rows-in-flight';
import { pendingPublishes } from './0010-pending-publishes';
import type { Migration } from './types';

export type { Migration } from './types';

/** In order; append only. A released migration is never edited. */
export const migrations: readonly Migration[] = [initial, keysAndConnectionObjects, syncEngine, runOwner, syncDataType, scheduler, snapshotGoneSince, runBatches, runRowsInFlight, pendingPublishes];
