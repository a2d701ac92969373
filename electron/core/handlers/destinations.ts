import { FloeError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';
import { clearOwnerSecrets } from './owner-secrets';

export function destinationHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'destinations.list' | 'destinations.create' | 'destinations.delete'> {
  return {
    'destinations.list': () => ctx.store.destinations.list(),
    'destinations.create': (draft) => {
      const created = ctx.store.destinations.create(draft);
      ctx.log.info('destination.created', { id: created.id, kind: created.kind });
      return created;
    },
    'destinations.delete': async ({ id }) => {
      const inUse = ctx.store.syncs.list().filter((s) => s.destinationId === id);
      if (inUse.length > 0) {
        throw new FloeError(
          'in_use',
          `This destination is used by ${inUse.length === 1 ? 'the sync' : 'the syncs'} ${inUse.map((s) => `"${s.name}"`).join(', ')}.`,
          'Delete those syncs or point them at another destination first.',
        );
      }
      await clearOwnerSecrets(ctx.secrets, 'destination', id);
      const deleted = ctx.store.destinations.delete(id);
      ctx.log.info('destination.deleted', { id, deleted });
      return { deleted };
    },
  };
}
