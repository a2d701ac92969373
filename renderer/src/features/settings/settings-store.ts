import { create } from 'zustand';
import type { IpcError } from '../../../../shared/ipc';
import type { AppInfo } from '../../../../shared/schemas';
import { floe, toIpcError, unwrap } from '../../lib/api';

interface SettingsState {
  info: AppInfo | null;
  error: IpcError | null;
  load(): Promise<void>;
}

export const useSettings = create<SettingsState>((set) => ({
  info: null,
  error: null,
  load: async () => {
    try {
      set({ info: await unwrap(floe.app.info()), error: null });
    } catch (error) {
      set({ error: toIpcError(error) });
    }
  },
}));
