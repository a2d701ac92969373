import fs from 'node:fs';
import path from 'node:path';

/** What a file destination's folder is on this computer. */
export type FolderState = 'ready' | 'relative' | 'missing' | 'not-a-folder' | 'not-writable';

export interface FolderCheck {
  state: FolderState;
  /** Why files cannot be written there (null when they can). */
  problem: { message: string; remedy: string } | null;
}

/**
 * Looks at a folder without changing anything: whether it exists, is a folder and can be written.
 * The destination form offers to create a missing one; a run refuses one (see fileDestination).
 */
export function checkFolder(directory: string): FolderCheck {
  const dir = directory.trim();
  if (!path.isAbsolute(dir)) {
    return { state: 'relative', problem: { message: `${dir} is not a full path on this computer.`, remedy: 'Enter the folder’s full path, starting with / (or a drive such as C:\\ on Windows).' } };
  }
  try {
    if (!fs.statSync(dir).isDirectory()) return notAFolder(dir);
    fs.accessSync(dir, fs.constants.W_OK);
    return { state: 'ready', problem: null };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return { state: 'missing', problem: { message: `The folder ${dir} does not exist.`, remedy: 'Create it (the destination’s form offers to), or choose a folder that exists.' } };
    }
    if (code === 'ENOTDIR') return notAFolder(dir);
    return {
      state: 'not-writable',
      problem: { message: `Floe cannot write in ${dir} (${code ?? (error as Error).message}).`, remedy: 'Choose a folder your user can write to, or change the folder’s permissions.' },
    };
  }
}

function notAFolder(dir: string): FolderCheck {
  return { state: 'not-a-folder', problem: { message: `${dir} is not a folder: it, or a part of its path, is a file.`, remedy: 'Choose a folder, not a file.' } };
}

/** Creates the folder a person asked for by name, with any missing parents; true if it did not exist before. */
export function createFolder(directory: string): boolean {
  const dir = directory.trim();
  if (!path.isAbsolute(dir)) throw new Error(`${dir} is not a full path`);
  const existed = fs.existsSync(dir);
  fs.mkdirSync(dir, { recursive: true });
  return !existed;
}
