import type { SecretRef } from '../../../shared/schemas';
import { FloeError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';

/**
 * Secrets belong to something that exists; refusing orphans keeps the keychain tidy and
 * means deleting the owner is enough to remove them. Key pairs are named by the user and have
 * no row of their own, so any key name is accepted.
 */
function assertOwnerExists(ctx: CoreContext, ref: SecretRef): void {
  const exists =
    ref.kind === 'key' ||
    (ref.kind === 'connection' && ctx.store.connections.get(ref.id) !== undefined) ||
    (ref.kind === 'destination' && ctx.store.destinations.get(ref.id) !== undefined);
  if (!exists) {
    throw new FloeError(
      'owner_not_found',
      `There is no ${ref.kind} with id ${ref.id} to keep this secret for.`,
      `Save the ${ref.kind} first, then enter its secret.`,
    );
  }
}

export function secretHandlers(ctx: CoreContext): Pick<Handlers, 'secrets.set' | 'secrets.has' | 'secrets.clear'> {
  return {
    'secrets.set': async ({ ref, value }) => {
      assertOwnerExists(ctx, ref);
      await ctx.secrets.set(ref, value);
      ctx.log.info('secret.stored', { kind: ref.kind, id: ref.id, field: ref.field });
      return { stored: true as const };
    },
    'secrets.has': async ({ ref }) => ({ present: await ctx.secrets.has(ref) }),
    'secrets.clear': async ({ ref }) => {
      const cleared = await ctx.secrets.clear(ref);
      ctx.log.info('secret.cleared', { kind: ref.kind, id: ref.id, field: ref.field, cleared });
      return { cleared };
    },
  };
}
