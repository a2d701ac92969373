import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Floe';

/**
 * Where Floe keeps its data when FLOE_HOME is not set. It is the folder Electron's
 * `app.getPath('userData')` gives for "Floe", so the desktop app, the CLI and the headless host
 * share one database and one set of keychain references.
 */
export function defaultHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (env.FLOE_HOME) return path.resolve(env.FLOE_HOME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

export interface DataPaths {
  home: string;
  database: string;
  logs: string;
  logFile: string;
}

export function dataPaths(home: string): DataPaths {
  const logs = path.join(home, 'logs');
  return { home, database: path.join(home, 'floe.db'), logs, logFile: path.join(logs, 'floe.log') };
}
