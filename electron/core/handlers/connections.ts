import { parseAccountIdentifier } from '../../snowflake/account-identifier';
import { FloeError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';
import { clearOwnerSecrets } from './owner-secrets';

export function connectionHandlers(
  ctx: CoreContext,
): Pick<
  Handlers,
  | 'connections.list'
  | 'connections.create'
  | 'connections.update'
  | 'connections.delete'
  | 'connections.parseAccount'
  | 'connections.grantSql'
  | 'connections.test'
  | 'connections.testDraft'
  | 'connections.startRotation'
> {
  return {
    'connections.list': () => ctx.store.connections.list(),
    'connections.create': async (draft) => {
      // A key pair generated while setting up is a draft until now: it is saved with the connection.
      const created =
        draft.authKind === 'keypair' && draft.keyId && ctx.keys.isDraft(draft.keyId)
          ? await ctx.keys.keepDraft(draft.keyId, () => ctx.store.connections.create(draft))
          : ctx.store.connections.create(draft);
      ctx.log.info('connection.created', { id: created.id, authKind: created.authKind });
      return created;
    },
    'connections.update': ({ id, draft }) => {
      const updated = ctx.store.connections.update(id, draft);
      if (!updated) throw new FloeError('connection_not_found', 'That connection no longer exists.', 'Reload the list of connections.');
      return updated;
    },
    'connections.parseAccount': ({ input }) => {
      const parsed = parseAccountIdentifier(input);
      return parsed.ok ? { ok: true as const, ...parsed.value } : parsed;
    },
    'connections.grantSql': (request) => ({ sql: ctx.connections.grantSql(request) }),
    'connections.test': ({ id }) => ctx.connections.test(id),
    'connections.testDraft': ({ draft, password }) => ctx.connections.testDraft(draft, password),
    'connections.startRotation': ({ id, keyId }) => ({ sql: ctx.connections.startRotation(id, keyId) }),
    'connections.delete': async ({ id }) => {
      const inUse = ctx.store.syncs.list().filter((s) => s.connectionId === id);
      if (inUse.length > 0) {
        throw new FloeError(
          'in_use',
          `This connection is used by ${inUse.length === 1 ? 'the sync' : 'the syncs'} ${inUse.map((s) => `"${s.name}"`).join(', ')}.`,
          'Delete those syncs or point them at another connection first.',
        );
      }
      const connection = ctx.store.connections.get(id);
      // Secrets first: a failure here leaves the connection listed, so the user can retry.
      await clearOwnerSecrets(ctx.secrets, 'connection', id);
      const deleted = ctx.store.connections.delete(id);
      // Its key pairs go too, unless another connection signs in with them.
      for (const keyId of [connection?.keyId, connection?.pendingKeyId]) {
        if (keyId && ctx.store.connections.usingKey(keyId).length === 0) await ctx.keys.delete(keyId);
      }
      ctx.log.info('connection.deleted', { id, deleted });
      return { deleted };
    },
  };
}
