import type { Handlers } from '../ipc/dispatch';
import { appHandlers } from './app';
import { connectionHandlers } from './connections';
import type { CoreContext } from './context';
import { destinationFolderHandlers } from './destination-folders';
import { destinationHandlers } from './destinations';
import { keyHandlers } from './keys';
import { notificationHandlers } from './notifications';
import { secretHandlers } from './secrets';
import { runHandlers } from './runs';
import { syncHandlers } from './syncs';

export type { CoreContext } from './context';

export function createHandlers(ctx: CoreContext): Handlers {
  return {
    ...appHandlers(ctx),
    ...connectionHandlers(ctx),
    ...keyHandlers(ctx),
    ...destinationHandlers(ctx),
    ...destinationFolderHandlers(ctx),
    ...syncHandlers(ctx),
    ...runHandlers(ctx),
    ...secretHandlers(ctx),
    ...notificationHandlers(ctx),
  };
}
