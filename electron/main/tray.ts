import { Menu, Tray, nativeImage } from 'electron';
import type { AppStatus } from '../../shared/schemas';

export interface TrayActions {
  show(): void;
  quit(): void;
}

/** The tray stays while windows are closed, so scheduled syncs keep running and stay visible. */
export function createTray(iconPath: string, actions: TrayActions): { update(status: AppStatus): void; destroy(): void } {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  const update = (status: AppStatus) => {
    tray.setToolTip(`Floe — ${status.line}`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: status.line, enabled: false },
        { type: 'separator' },
        { label: 'Open Floe', click: actions.show },
        { label: 'Quit Floe', click: actions.quit },
      ]),
    );
  };
  tray.on('click', actions.show);
  update({ runningSyncs: 0, line: 'Floe is idle' });
  return { update, destroy: () => tray.destroy() };
}
