import { Notification } from 'electron';
import type { EventBus } from '../core/event-bus';
import type { Notification as FloeNotification } from '../../shared/schemas';

/**
 * Shown notifications, kept until clicked or closed: a Notification that is garbage-collected
 * while still on screen loses its click handler, and the click is the point of most of them.
 */
const onScreen = new Set<Notification>();

/** Shows a native notification; does nothing where the OS has none (some Linux desktops). */
export function notify(options: { title: string; body: string; onClick?: () => void }): boolean {
  if (!Notification.isSupported()) return false;
  const notification = new Notification({ title: options.title, body: options.body });
  const forget = () => onScreen.delete(notification);
  notification.on('click', () => {
    forget();
    options.onClick?.();
  });
  notification.on('close', forget);
  onScreen.add(notification);
  notification.show();
  return true;
}

/**
 * Core's notifications (a sync failing, recovering, rejecting rows) shown natively, so they are
 * seen while the window is closed. Clicking one shows the window at its run (or just the window).
 */
export function showCoreNotifications(events: EventBus, open: (route?: string) => void): () => void {
  return events.attach((name, payload) => {
    if (name !== 'notifications.new') return;
    const n = payload as FloeNotification;
    notify({ title: n.title, body: n.body, onClick: () => open(n.runId ? `#/runs/${n.runId}` : undefined) });
  });
}
