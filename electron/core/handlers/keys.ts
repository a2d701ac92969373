import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';

export function keyHandlers(ctx: CoreContext): Pick<Handlers, 'keys.list' | 'keys.generate' | 'keys.import' | 'keys.delete'> {
  return {
    'keys.list': () => ctx.keys.list(),
    'keys.generate': ({ name, passphrase }) => ctx.keys.generate(name, passphrase),
    'keys.import': ({ name, pem, passphrase }) => ctx.keys.import(name, pem, passphrase || undefined),
    'keys.delete': async ({ id }) => ({ deleted: await ctx.keys.delete(id) }),
  };
}
