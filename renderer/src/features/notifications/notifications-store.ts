import { create } from 'zustand';
import type { IpcError } from '../../../../shared/ipc';
import type { Notification } from '../../../../shared/schemas';
import { floe, toIpcError, unwrap } from '../../lib/api';

/** How many of the newest notifications the list keeps. */
export const NOTIFICATION_LIMIT = 100;

interface NotificationsState {
  items: Notification[];
  loaded: boolean;
  error: IpcError | null;
  load(): Promise<void>;
  /** Marks these read, or every one when no ids are given. */
  markRead(ids?: number[]): Promise<void>;
  /** A notification core just pushed: newest first, once. */
  receive(notification: Notification): void;
}

export const unreadOf = (items: readonly Notification[]): number => items.filter((n) => !n.read).length;

/** A list with a pushed notification at its head (or in its place, when it is already there). */
export function withNotification(items: readonly Notification[], notification: Notification): Notification[] {
  const rest = items.filter((n) => n.id !== notification.id);
  return [notification, ...rest].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id).slice(0, NOTIFICATION_LIMIT);
}

export const useNotifications = create<NotificationsState>((set, get) => ({
  items: [],
  loaded: false,
  error: null,
  load: async () => {
    try {
      set({ items: await unwrap(floe.notifications.list({ limit: NOTIFICATION_LIMIT })), loaded: true, error: null });
    } catch (error) {
      set({ error: toIpcError(error) });
    }
  },
  markRead: async (ids) => {
    const chosen = ids ? new Set(ids) : null;
    // Shown read at once; the list is read again if core refuses.
    set({ items: get().items.map((n) => (!chosen || chosen.has(n.id) ? { ...n, read: true } : n)) });
    try {
      await unwrap(floe.notifications.markRead(ids ? { ids } : {}));
    } catch (error) {
      set({ error: toIpcError(error) });
      await get().load();
    }
  },
  receive: (notification) => set({ items: withNotification(get().items, notification) }),
}));

/**
 * Loads the list and keeps it live for the whole window (the sidebar's bell counts unread ones
 * on every page). Returns the unsubscribe.
 */
export function followNotifications(): () => void {
  const { load, receive } = useNotifications.getState();
  void load();
  const off = floe.on('notifications.new', receive);
  const onFocus = () => void useNotifications.getState().load();
  window.addEventListener('focus', onFocus);
  return () => {
    off();
    window.removeEventListener('focus', onFocus);
  };
}
