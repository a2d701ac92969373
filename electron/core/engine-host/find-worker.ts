import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FloeError } from '../errors';

/**
 * The built engine worker (out/main/worker.js). Bundled code finds it beside itself (or one
 * folder up from a chunk); code run from source (tests) uses the repository's build.
 */
export function findWorkerFile(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  const candidates = [path.join(from, 'worker.js'), path.join(from, '..', 'worker.js'), path.resolve(from, '../../../out/main/worker.js')];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) {
    throw new FloeError('engine_missing', 'The sync engine is not built.', 'Run "npm run build" (npm start, npm run serve and npm test do it for you).');
  }
  return found;
}
