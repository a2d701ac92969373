import { create } from 'zustand';
import type { IpcError, Result } from '../../../shared/ipc';
import { toIpcError, unwrap } from './api';

export interface ListState<T> {
  items: T[];
  loaded: boolean;
  loading: boolean;
  error: IpcError | null;
  load(): Promise<void>;
}

/**
 * A page's list: loaded from one channel, with the error kept for the page to show. A list the
 * user has seen is loaded again when the window regains focus: syncs, runs and destinations also
 * change from the command line (`floe syncs import`, `floe run`) or another window.
 */
export function createListStore<T>(fetch: () => Promise<Result<T[]>>) {
  const store = create<ListState<T>>((set) => ({
    items: [],
    loaded: false,
    loading: false,
    error: null,
    load: async () => {
      set({ loading: true });
      try {
        set({ items: await unwrap(fetch()), loaded: true, loading: false, error: null });
      } catch (error) {
        set({ loading: false, error: toIpcError(error) });
      }
    },
  }));
  window.addEventListener('focus', () => {
    const { loaded, loading, load } = store.getState();
    if (loaded && !loading) void load();
  });
  return store;
}
