import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** Starts a tool (emulator, fake) in its own process, so its memory is not the engine's, and reads its ready line. */
export function startTool<T>(script: string, args: string[], marker: string): Promise<{ child: ChildProcess; info: T }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, SNOWFLAKE_DISABLE_PLATFORM_DETECTION: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith(marker + ' '));
      if (line) resolve({ child, info: JSON.parse(line.slice(marker.length + 1)) as T });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** What `npm run emulator` prints on its FLOE_EMULATOR line. */
export interface EmulatorInfo {
  accessUrl: string;
  account: string;
  username: string;
  password: string;
  database: string;
  schema: string;
  warehouse: string;
}
