import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';

export function notificationHandlers(ctx: CoreContext): Pick<Handlers, 'notifications.list' | 'notifications.markRead' | 'preferences.get' | 'preferences.set'> {
  return {
    'notifications.list': ({ limit }) => ctx.store.notifications.list(limit),
    'notifications.markRead': ({ ids }) => ({ updated: ctx.store.notifications.markRead(ids) }),
    'preferences.get': () => ctx.store.preferences.get(),
    'preferences.set': (change) => {
      const saved = ctx.store.preferences.set(change);
      ctx.events.emit('preferences.changed', saved);
      return saved;
    },
  };
}
