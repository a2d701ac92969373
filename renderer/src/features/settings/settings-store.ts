import { create } from 'zustand';
import type { IpcError } from '../../../../shared/ipc';
import type { AppInfo, Preferences } from '../../../../shared/schemas';
import { floe, toIpcError, unwrap } from '../../lib/api';
import { setPreferredTimeZone } from './preferred-zone';

interface SettingsState {
  info: AppInfo | null;
  error: IpcError | null;
  preferences: Preferences | null;
  preferencesError: IpcError | null;
  /** The preference saved last, for a quiet "Saved" beside it. */
  savedKey: keyof Preferences | null;
  load(): Promise<void>;
  /** Saves some preferences; the answer (or a `preferences.changed` push) is what the page shows. */
  savePreferences(change: Partial<Preferences>): Promise<boolean>;
  /** Another window, the tray or the command line changed them. */
  receivePreferences(preferences: Preferences): void;
}

export const useSettings = create<SettingsState>((set, get) => ({
  info: null,
  error: null,
  preferences: null,
  preferencesError: null,
  savedKey: null,
  load: async () => {
    const [info, preferences] = await Promise.allSettled([unwrap(floe.app.info()), unwrap(floe.preferences.get())]);
    if (preferences.status === 'fulfilled') setPreferredTimeZone(preferences.value.defaultTimeZone);
    set({
      ...(info.status === 'fulfilled' ? { info: info.value, error: null } : { error: toIpcError(info.reason) }),
      ...(preferences.status === 'fulfilled' ? { preferences: preferences.value, preferencesError: null } : { preferencesError: toIpcError(preferences.reason) }),
    });
  },
  savePreferences: async (change) => {
    // Shown as chosen at once (a checkbox ticks when clicked, not when core answers), then as
    // saved; put back as it was if core refuses.
    const before = get().preferences;
    if (before) set({ preferences: { ...before, ...change }, savedKey: null });
    try {
      const preferences = await unwrap(floe.preferences.set(change));
      setPreferredTimeZone(preferences.defaultTimeZone);
      set({ preferences, preferencesError: null, savedKey: (Object.keys(change)[0] as keyof Preferences | undefined) ?? null });
      return true;
    } catch (error) {
      set({ preferences: before, preferencesError: toIpcError(error), savedKey: null });
      return false;
    }
  },
  receivePreferences: (preferences) => {
    setPreferredTimeZone(preferences.defaultTimeZone);
    set({ preferences });
  },
}));

/**
 * Reads the preferences when the app starts and follows changes to them, so pages other than
 * Settings (a new sync's schedule starts in the default time zone) see them. Returns the unsubscribe.
 */
export function followPreferences(): () => void {
  void useSettings.getState().load();
  return floe.on('preferences.changed', (preferences) => useSettings.getState().receivePreferences(preferences));
}
