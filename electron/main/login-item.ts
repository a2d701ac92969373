import type { App } from 'electron';
import type { Logger } from '../core/log';

/** The argument a login start passes (Windows), so Floe starts in the tray without a window. */
const HIDDEN_ARG = '--hidden';

/**
 * Registers (or removes) Floe as a login item. Only a packaged Floe does: unpackaged, the
 * executable is the bare Electron binary from node_modules, which would start at login
 * without Floe in it. Linux has no login items in Electron (macOS and Windows only).
 * `openAsHidden` is gone from Electron's login item settings; macOS says whether it opened
 * Floe at login instead, and Windows passes the argument.
 */
export function applyLoginItem(app: Pick<App, 'isPackaged' | 'setLoginItemSettings'>, startAtLogin: boolean, log: Logger): void {
  if (!app.isPackaged) {
    log.info('login_item.skipped', { startAtLogin, reason: 'not_packaged' });
    return;
  }
  app.setLoginItemSettings({ openAtLogin: startAtLogin, args: [HIDDEN_ARG] });
  log.info('login_item.set', { startAtLogin });
}

/** Started by the OS at login: stay in the tray, as the person asked for Floe, not its window. */
export function openedAtLogin(app: Pick<App, 'getLoginItemSettings'>, argv: string[], platform: NodeJS.Platform): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
