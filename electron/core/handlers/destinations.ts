import { destinationHost, secretFieldsOf, shownDestination } from '../../../shared/destinations';
import { FloeError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';
import { destinationTestHandlers } from './destination-test';
import { validDestination } from './destinations-validate';
import { clearOwnerSecrets } from './owner-secrets';

/**
 * Destinations as the window and the CLI see them: every answer is shown as `shownDestination`
 * makes it, so a credential an older Floe saved as a plain setting (an HTTP header, a URL's
 * ?api_key=) is masked; such a destination keeps running until it is edited, when the checks
 * for saving refuse it with where the credential belongs.
 */
export function destinationHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'destinations.list' | 'destinations.create' | 'destinations.update' | 'destinations.delete' | 'destinations.sendTest'> {
  return {
    ...destinationTestHandlers(ctx),
    'destinations.list': () => ctx.store.destinations.list().map(shownDestination),
    'destinations.create': (draft) => {
      const created = ctx.store.destinations.create(validDestination(draft));
      ctx.log.info('destination.created', { id: created.id, kind: created.kind });
      return shownDestination(created);
    },
    'destinations.update': async ({ id, draft }) => {
      const before = ctx.store.destinations.get(id);
      const updated = ctx.store.destinations.update(id, validDestination(draft));
      if (!before || !updated) throw new FloeError('destination_not_found', 'That destination no longer exists.', 'Reload the list of destinations.');
      const had = secretFieldsOf(before.kind, before.settings);
      // A token was given for a host: one that now points elsewhere must be entered again, or
      // the next run would hand it to the new host.
      if (destinationHost(before.kind, before.settings) !== destinationHost(updated.kind, updated.settings)) {
        await clearOwnerSecrets(ctx.secrets, 'destination', id, had);
        ctx.log.info('destination.secrets_cleared', { id, reason: 'host changed' });
      } else {
        // A secret the settings no longer use (a secret header removed, bearer changed to basic)
        // leaves the keychain rather than lingering there unseen.
        const needs = new Set(secretFieldsOf(updated.kind, updated.settings));
        const unused = had.filter((field) => !needs.has(field));
        for (const field of unused) await ctx.secrets.clear({ kind: 'destination', id, field });
        if (unused.length) ctx.log.info('destination.secrets_cleared', { id, reason: 'no longer used', count: unused.length });
      }
      return shownDestination(updated);
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
      const destination = ctx.store.destinations.get(id);
      await clearOwnerSecrets(ctx.secrets, 'destination', id, destination ? secretFieldsOf(destination.kind, destination.settings) : []);
      const deleted = ctx.store.destinations.delete(id);
      ctx.log.info('destination.deleted', { id, deleted });
      return { deleted };
    },
  };
}
