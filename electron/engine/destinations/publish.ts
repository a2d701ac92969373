import fs from 'node:fs';
import path from 'node:path';

/** A file written whole (flushed to disk) beside where it goes, under a hidden name. */
export interface Publication {
  partial: string;
  target: string;
}

/**
 * Moves a finished file into place. Run again after a kill, or by two processes at once, it
 * finds the file already moved. `missing` means neither file exists: its rows are gone.
 */
export function moveIntoPlace(p: Publication): 'moved' | 'already' | 'missing' {
  try {
    fs.renameSync(p.partial, p.target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return fs.existsSync(p.target) ? 'already' : 'missing';
  }
  syncFolder(path.dirname(p.target));
  return 'moved';
}

/** The rename is durable once the folder is flushed too (POSIX); Windows cannot open a folder to flush it. */
function syncFolder(directory: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(directory, 'r');
    fs.fsyncSync(fd);
  } catch {
    // best effort: the rename itself has happened
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * A test hook, inert in use: FLOE_TEST_PAUSE_AT_PUBLISH_MS holds a file run that long between
 * its state being committed and its file being moved into place, a window otherwise microseconds
 * wide, so test/reliability/kill-anywhere.test.ts can SIGKILL runs inside it at seeded times.
 * Nothing sets it outside that test.
 */
export async function testPauseAtPublish(): Promise<void> {
  const ms = Number(process.env.FLOE_TEST_PAUSE_AT_PUBLISH_MS ?? 0);
  if (Number.isFinite(ms) && ms > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 60_000)));
}
