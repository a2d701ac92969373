import { Menu, Tray, nativeImage } from 'electron';
import { trayMenuTemplate, type TrayActions, type TrayView } from './tray-menu';

/** Runs starting and finishing come in bursts (a schedule, a retry): one rebuild per burst. */
const REFRESH_DELAY_MS = 100;

/** The tray stays while windows are closed, so scheduled syncs keep running and stay visible. */
export function createTray(iconPath: string, view: () => TrayView, actions: TrayActions): { refresh(): void; destroy(): void } {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  let pending: NodeJS.Timeout | undefined;
  let destroyed = false;
  const rebuild = () => {
    pending = undefined;
    if (destroyed) return;
    const current = view();
    tray.setToolTip(`Floe — ${current.line}`);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(current, actions)));
  };
  tray.on('click', actions.show);
  rebuild();
  return {
    refresh: () => {
      pending ??= setTimeout(rebuild, REFRESH_DELAY_MS);
    },
    destroy: () => {
      destroyed = true;
      clearTimeout(pending);
      tray.destroy();
    },
  };
}
