import { create } from 'zustand';
import type { DestinationTestResult, IpcError } from '../../../../shared/ipc';
import { floe, toIpcError, unwrap } from '../../lib/api';

interface DestinationTestState {
  /** The destination whose test is shown (one at a time), or null. */
  id: string | null;
  sending: boolean;
  result: DestinationTestResult | null;
  error: IpcError | null;
  send(id: string): Promise<void>;
  close(): void;
}

/** "Send test event": one real call with the saved settings and key, its answer kept for the list to show. */
export const useDestinationTest = create<DestinationTestState>((set, get) => ({
  id: null,
  sending: false,
  result: null,
  error: null,
  send: async (id) => {
    set({ id, sending: true, result: null, error: null });
    try {
      const result = await unwrap(floe.destinations.sendTest({ id }));
      if (get().id === id) set({ sending: false, result });
    } catch (e) {
      if (get().id === id) set({ sending: false, error: toIpcError(e) });
    }
  },
  close: () => set({ id: null, sending: false, result: null, error: null }),
}));
