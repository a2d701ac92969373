import { create } from 'zustand';
import type { IpcError } from '../../../../shared/ipc';
import type { Run } from '../../../../shared/schemas';
import { floe, toIpcError, unwrap } from '../../lib/api';

/** How many of a sync's runs its page lists and charts. */
export const SYNC_RUNS = 50;

interface SyncRunsState {
  syncId: string | null;
  items: Run[];
  loaded: boolean;
  error: IpcError | null;
  load(syncId: string): Promise<void>;
}

let latest = 0;

/** A sync's page's recent runs (newest first): its overview's charts and its Runs tab. */
export const useSyncRuns = create<SyncRunsState>((set, get) => ({
  syncId: null,
  items: [],
  loaded: false,
  error: null,
  load: async (syncId) => {
    const request = ++latest;
    // Another sync's runs are never shown under this one's name, even for a moment.
    if (get().syncId !== syncId) set({ syncId, items: [], loaded: false, error: null });
    try {
      const items = await unwrap(floe.runs.list({ syncId, limit: SYNC_RUNS }));
      if (request === latest) set({ items, loaded: true, error: null });
    } catch (error) {
      if (request === latest) set({ error: toIpcError(error) });
    }
  },
}));
