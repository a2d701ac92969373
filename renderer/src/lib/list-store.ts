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

/** A page's list: loaded from one channel, with the error kept for the page to show. */
export function createListStore<T>(fetch: () => Promise<Result<T[]>>) {
  return create<ListState<T>>((set) => ({
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
}
