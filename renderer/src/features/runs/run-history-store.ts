import { create } from 'zustand';
import type { IpcError } from '../../../../shared/ipc';
import type { Run } from '../../../../shared/schemas';
import { floe, toIpcError, unwrap } from '../../lib/api';
import { NO_FILTERS, rangeProblem, toRunQuery, type HistoryFilters } from './run-history';

interface HistoryState {
  filters: HistoryFilters;
  items: Run[];
  loaded: boolean;
  loading: boolean;
  error: IpcError | null;
  load(): Promise<void>;
  setFilters(change: Partial<HistoryFilters>): void;
  clearFilters(): void;
}

const syncFromHash = (hash: string) => /^#\/runs\/sync\/([0-9a-f-]{36})$/i.exec(hash)?.[1] ?? null;

let latest = 0;

/**
 * The Runs page's history: the runs its filters ask core for. Separate from the syncs page's
 * list of recent runs (runs-store.ts), which must stay unfiltered. `#/runs/sync/<id>` opens the
 * history filtered to that sync, so another page can link to one sync's runs.
 */
export const useRunHistory = create<HistoryState>((set, get) => ({
  filters: { ...NO_FILTERS, syncId: syncFromHash(location.hash) },
  items: [],
  loaded: false,
  loading: false,
  error: null,
  load: async () => {
    const { filters } = get();
    // Filters that cannot be asked for keep the last answer; the page says what is wrong with them.
    if (rangeProblem(filters)) return;
    const request = ++latest;
    set({ loading: true });
    try {
      const items = await unwrap(floe.runs.list(toRunQuery(filters)));
      // A slower answer to older filters never replaces a newer one.
      if (request === latest) set({ items, loaded: true, loading: false, error: null });
    } catch (error) {
      if (request === latest) set({ loading: false, error: toIpcError(error) });
    }
  },
  setFilters: (change) => {
    set({ filters: { ...get().filters, ...change } });
    void get().load();
  },
  clearFilters: () => {
    set({ filters: NO_FILTERS });
    void get().load();
  },
}));

window.addEventListener('hashchange', () => {
  const syncId = syncFromHash(location.hash);
  if (syncId) useRunHistory.getState().setFilters({ syncId });
});

window.addEventListener('focus', () => {
  const { loaded, loading, load } = useRunHistory.getState();
  if (loaded && !loading) void load();
});
