import fs from 'node:fs';
import type { DataPaths } from './paths';

/** Owner only: floe.db holds rejected source rows (customers' data), the logs name syncs and runs. */
const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * Makes the data folder private before anything is written in it: the folder and its logs folder
 * are created owner-only, and floe.db (with its WAL and shared-memory files, which SQLite creates
 * with the database's permissions) is owner read/write only, tightened if an older version left
 * it readable by others. A folder that already existed keeps its permissions: FLOE_HOME may name
 * a folder the user owns for other things too. No effect on Windows, where files inherit the
 * profile folder's ACL.
 */
export function prepareDataFolder(paths: DataPaths): void {
  fs.mkdirSync(paths.home, { recursive: true, mode: FOLDER_MODE });
  fs.mkdirSync(paths.logs, { recursive: true, mode: FOLDER_MODE });
  // Created empty here, owner-only, so SQLite opens a private file (and gives its -wal and -shm the same mode).
  fs.closeSync(fs.openSync(paths.database, 'a', FILE_MODE));
  for (const file of [paths.database, `${paths.database}-wal`, `${paths.database}-shm`, paths.logFile]) {
    try {
      if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, FILE_MODE);
    } catch {
      // Not there yet (no WAL before the first write, no log before the first line).
    }
  }
}
