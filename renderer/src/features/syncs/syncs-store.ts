import { createListStore } from '../../lib/list-store';
import { floe } from '../../lib/api';

export const useSyncs = createListStore(() => floe.syncs.list());

/** The list's view of each sync (seed 001's import listing): status, schedule in words, next and last run, health. */
export const useSyncOverview = createListStore(() => floe.syncs.overview());
