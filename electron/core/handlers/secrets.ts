import { secretFieldsOf } from '../../../shared/destinations';
import { secretHeaderName, type SecretRef } from '../../../shared/schemas';
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

/**
 * A secret header's value is kept only for a header the destination's settings name (the
 * keychain holds nothing its settings cannot account for and clear), and only as a value a
 * header can carry: a line break would end the header and start another.
 */
function assertHeaderValue(ctx: CoreContext, ref: SecretRef, value: string): void {
  const header = secretHeaderName(ref.field);
  if (header === null) return;
  if (ref.kind !== 'destination') throw new FloeError('unknown_secret_header', `A ${ref.kind} has no secret headers.`, 'Secret headers belong to HTTP destinations.');
  const destination = ctx.store.destinations.get(ref.id)!;
  if (!secretFieldsOf(destination.kind, destination.settings).includes(ref.field)) {
    throw new FloeError(
      'unknown_secret_header',
      `Destination "${destination.name}" has no secret header “${header}”.`,
      'Add the header to its secret headers and save the destination first, then enter its value.',
    );
  }
  if (/[\r\n\0]/.test(value)) {
    throw new FloeError('invalid_header_value', `The value of ${header} has a line break or a NUL character, which a header cannot carry.`, 'Paste only the value itself, on one line.');
  }
}

export function secretHandlers(ctx: CoreContext): Pick<Handlers, 'secrets.set' | 'secrets.has' | 'secrets.clear'> {
  return {
    'secrets.set': async ({ ref, value }) => {
      assertOwnerExists(ctx, ref);
      assertHeaderValue(ctx, ref, value);
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
