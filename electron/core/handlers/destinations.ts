import { destinationHost } from '../../../shared/destinations';
import { FloeError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';
import { destinationTestHandlers } from './destination-test';
import { validDestination } from './destinations-validate';
import { clearOwnerSecrets } from './owner-secrets';

export function destinationHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'destinations.list' | 'destinations.create' | 'destinations.update' | 'destinations.delete' | 'destinations.sendTest'> {
  return {
    ...destinationTestHandlers(ctx),
    'destinations.list': () => ctx.store.destinations.list(),
    'destinations.create': (draft) => {
      const created = ctx.store.destinations.create(validDestination(draft));
      ctx.log.info('destination.created', { id: created.id, kind: created.kind });
      return created;
    },
    'destinations.update': async ({ id, draft }) => {
      const before = ctx.store.destinations.get(id);
      const updated = ctx.store.destinations.update(id, validDestination(draft));
      if (!before || !updated) throw new FloeError('destination_not_found', 'That destination no longer exists.', 'Reload the list of destinations.');
      // A token was given for a host: one that now points elsewhere must be entered again, or
      // the next run would hand it to the new host.
      if (destinationHost(before.kind, before.settings) !== destinationHost(updated.kind, updated.settings)) {
        await clearOwnerSecrets(ctx.secrets, 'destination', id);
        ctx.log.info('destination.secrets_cleared', { id, reason: 'host changed' });
      }
      return updated;
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
