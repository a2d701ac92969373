import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';

/**
 * Fresh folders, removed after each test (or, with 'all', after the file's tests, for folders
 * made in beforeAll): real files, never shared between test files.
 */
export function useTempDirs(scope: 'each' | 'all' = 'each'): () => string {
  const made: string[] = [];
  (scope === 'each' ? afterEach : afterAll)(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-test-'));
    made.push(dir);
    return dir;
  };
}
