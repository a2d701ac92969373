import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI, as a user runs it (`npm run build` first; npm test does), or that of the copy FLOE_TEST_OUT names (see floe-host.ts). */
export const FLOE_CLI = path.join(path.resolve(fileURLToPath(new URL('../..', import.meta.url)), process.env.FLOE_TEST_OUT ?? 'out'), 'main/cli.js');

export interface FloeResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function assertCliBuilt(): void {
  if (!fs.existsSync(FLOE_CLI)) throw new Error('out/main/cli.js is missing: run "npm run build" first (npm test does).');
}

/** Starts `floe ARGS` on the data folder `home()`, with `stdin` piped in (and `env` added); `done` resolves when it exits. */
export function floeCli(home: () => string) {
  const start = (args: string[], stdin = '', env: Record<string, string> = {}): { child: ChildProcess; done: Promise<FloeResult> } => {
    const child = spawn(process.execPath, [FLOE_CLI, ...args], { env: { ...process.env, ...env, FLOE_HOME: home() } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin!.end(stdin);
    return { child, done: new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr }))) };
  };
  return { start, run: async (args: string[], stdin = '') => start(args, stdin).done };
}
