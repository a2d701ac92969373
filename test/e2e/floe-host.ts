import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, type Page } from '@playwright/test';

// Playwright loads these files as CommonJS, so __dirname rather than import.meta.
const root = path.resolve(__dirname, '../..');
/** The build to serve: out/, or a copy named by FLOE_TEST_OUT (inside the repository, for its node_modules) that a concurrent build cannot change mid-test. */
const outDir = path.resolve(root, process.env.FLOE_TEST_OUT ?? 'out');

export interface FloeHost {
  url: string;
  origin: string;
  home: string;
  stop(): Promise<void>;
}

/** Starts the built `floe serve` on a random port with its own data folder, as a user would. */
export async function startFloe(): Promise<FloeHost> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(outDir, 'main/cli.js'), 'serve'], {
    env: { ...process.env, FLOE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('http://'));
      if (line) resolve(line.trim());
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`floe serve exited (${code}): ${output}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    home,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<object, { floe: FloeHost }>({
  floe: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as the first argument.
    async ({}, use) => {
      const floe = await startFloe();
      await use(floe);
      await floe.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';

export const screenshotPath = (name: string) => path.join(root, 'test-results', 'screenshots', `${name}.png`);

/** Uncaught page errors and console errors, collected for a test to assert there were none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  return errors;
}
