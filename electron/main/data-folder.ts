import type { Shell } from 'electron';
import { FloeError } from '../core/errors';
import type { Handler } from '../core/ipc/dispatch';

/** Settings' "Open" beside the data folder: the OS file manager shows it. */
export function openDataFolderHandler(shell: Pick<Shell, 'openPath'>, dataDir: string): Handler<'app.openDataFolder'> {
  return async () => {
    // openPath answers with an error message, or '' when the folder opened.
    const problem = await shell.openPath(dataDir);
    if (problem) {
      throw new FloeError('open_failed', `Floe could not open ${dataDir}: ${problem}`, 'Open it from your file manager; Settings shows the path to copy.');
    }
    return { opened: true as const };
  };
}
