import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';

export function keyHandlers(ctx: CoreContext): Pick<Handlers, 'keys.list' | 'keys.generate' | 'keys.import' | 'keys.delete'> {
  return {
    'keys.list': () => ctx.keys.list(),
    'keys.generate': ({ name, passphrase, draft }) => ctx.keys.generate(name, passphrase, { draft }),
    'keys.import': ({ name, pem, passphrase, draft }) => ctx.keys.import(name, pem, passphrase || undefined, { draft }),
    'keys.delete': async ({ id }) => ({ deleted: await ctx.keys.delete(id) }),
  };
}
