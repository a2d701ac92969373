import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';

export function syncAndRunHandlers(ctx: CoreContext): Pick<Handlers, 'syncs.list' | 'runs.list'> {
  return {
    'syncs.list': () => ctx.store.syncs.list(),
    'runs.list': ({ syncId, limit }) => ctx.store.runs.list({ syncId, limit }),
  };
}
