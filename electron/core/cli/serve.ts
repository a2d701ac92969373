import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from 'commander';
import { createCore } from '../core';
import { startHost } from '../host/server';
import { defaultHome } from '../paths';

const here = path.dirname(fileURLToPath(import.meta.url));

/** out/renderer beside the bundled CLI, or the repository's out/renderer when run from source. */
function findRendererDir(): string {
  const candidates = [path.resolve(here, '../renderer'), path.resolve(here, '../../../out/renderer')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? candidates[0]!;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0 picks a free one).');
  }
  return port;
}

export async function serve(options: { port: number; host: string }): Promise<void> {
  const core = createCore({ home: defaultHome(), mode: 'headless', echoLog: true });
  let host;
  try {
    host = await startHost({ core, rendererDir: findRendererDir(), host: options.host, port: options.port });
  } catch (error) {
    await core.close();
    throw error;
  }
  // The headless host runs schedules like the app does.
  core.scheduler.start();
  process.stdout.write(`Floe ${core.version} is running headless. Data: ${core.paths.home}\n`);
  process.stdout.write('Open this link in a browser on this machine (it works until Floe stops):\n');
  process.stdout.write(`${host.url}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

