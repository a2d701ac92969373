import { FloeError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';
import { clearOwnerSecrets } from './owner-secrets';

export function connectionHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'connections.list' | 'connections.create' | 'connections.delete'> {
  return {
    'connections.list': () => ctx.store.connections.list(),
    'connections.create': (draft) => {
      const created = ctx.store.connections.create(draft);
      ctx.log.info('connection.created', { id: created.id, authKind: created.authKind });
      return created;
    },
    'connections.delete': async ({ id }) => {
      const inUse = ctx.store.syncs.list().filter((s) => s.connectionId === id);
      if (inUse.length > 0) {
        throw new FloeError(
          'in_use',
          `This connection is used by ${inUse.length === 1 ? 'the sync' : 'the syncs'} ${inUse.map((s) => `"${s.name}"`).join(', ')}.`,
          'Delete those syncs or point them at another connection first.',
        );
      }
      // Secrets first: a failure here leaves the connection listed, so the user can retry.
      await clearOwnerSecrets(ctx.secrets, 'connection', id);
      const deleted = ctx.store.connections.delete(id);
      ctx.log.info('connection.deleted', { id, deleted });
      return { deleted };
    },
  };
}
