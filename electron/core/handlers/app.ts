import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';

export function appHandlers(ctx: CoreContext): Pick<Handlers, 'app.info' | 'app.status'> {
  return {
    'app.info': async () => ({
      version: ctx.version,
      mode: ctx.mode,
      dataDir: ctx.paths.home,
      databaseFile: ctx.paths.database,
      logFile: ctx.paths.logFile,
      keychain: await ctx.secrets.info(),
      platform: `${process.platform} ${process.arch}`,
    }),
    'app.status': () => ctx.status(),
  };
}
