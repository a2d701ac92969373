import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App } from 'electron';
import type { Logger } from '../core/log';

/** The argument a login start passes (Windows), so Floe starts in the tray without a window. */
const HIDDEN_ARG = '--hidden';

/**
 * Registers (or removes) Floe as a login item. Only a packaged Floe does: unpackaged, the
 * executable is the bare Electron binary from node_modules, which would start at login
 * without Floe in it. Electron has login items on macOS and Windows; on Linux Floe writes an XDG
 * autostart entry, which GNOME, KDE and the others read. `openAsHidden` is gone from Electron's
 * login item settings; macOS says whether it opened Floe at login instead, and Windows and
 * Linux pass the argument.
 */
export function applyLoginItem(
  app: Pick<App, 'isPackaged' | 'setLoginItemSettings'>,
  startAtLogin: boolean,
  log: Logger,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (!app.isPackaged) {
    log.info('login_item.skipped', { startAtLogin, reason: 'not_packaged' });
    return;
  }
  if (platform === 'linux') {
    const file = autostartFile(env);
    if (startAtLogin) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // An AppImage runs from a temporary mount: start the AppImage file itself.
      fs.writeFileSync(file, autostartEntry(env.APPIMAGE ?? process.execPath));
    } else {
      fs.rmSync(file, { force: true });
    }
    log.info('login_item.set', { startAtLogin, autostart: file });
    return;
  }
  app.setLoginItemSettings({ openAtLogin: startAtLogin, args: [HIDDEN_ARG] });
  log.info('login_item.set', { startAtLogin });
}

/** Where the XDG autostart entry lives: $XDG_CONFIG_HOME/autostart, or ~/.config/autostart. */
export function autostartFile(env: NodeJS.ProcessEnv): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'autostart', 'floe.desktop');
}

/** The desktop entry: the executable quoted as the spec asks, started in the tray. */
export function autostartEntry(executable: string): string {
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`;
  return ['[Desktop Entry]', 'Type=Application', 'Name=Floe', 'Comment=Runs scheduled syncs', `Exec=${quoted} ${HIDDEN_ARG}`, 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

/** Started by the OS at login: stay in the tray, as the person asked for Floe, not its window. */
export function openedAtLogin(app: Pick<App, 'getLoginItemSettings'>, argv: string[], platform: NodeJS.Platform): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
