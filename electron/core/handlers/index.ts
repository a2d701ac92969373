import type { Handlers } from '../ipc/dispatch';
import { appHandlers } from './app';
import { connectionHandlers } from './connections';
import type { CoreContext } from './context';
import { destinationHandlers } from './destinations';
import { keyHandlers } from './keys';
import { secretHandlers } from './secrets';
import { syncAndRunHandlers } from './syncs-runs';

export type { CoreContext } from './context';

export function createHandlers(ctx: CoreContext): Handlers {
  return {
    ...appHandlers(ctx),
    ...connectionHandlers(ctx),
    ...keyHandlers(ctx),
    ...destinationHandlers(ctx),
    ...syncAndRunHandlers(ctx),
    ...secretHandlers(ctx),
  };
}
