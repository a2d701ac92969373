import { FloeError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';

export function appHandlers(ctx: CoreContext): Pick<Handlers, 'app.info' | 'app.status' | 'app.openDataFolder'> {
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
    // The desktop app answers this in electron/main with the OS file manager; core alone has none.
    'app.openDataFolder': () => {
      throw new FloeError(
        'not_in_browser',
        'A browser page cannot open folders on this computer.',
        `Copy the path and open it in your file manager: ${ctx.paths.home}`,
      );
    },
  };
}
