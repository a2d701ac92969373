import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../helpers/http';
import { useTempDirs } from '../../helpers/temp-dir';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = path.join(root, 'out/main/cli.js');
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;
const tempDir = useTempDirs();
const children: Array<ReturnType<typeof spawn>> = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

beforeAll(() => {
  if (!fs.existsSync(cli)) throw new Error('out/main/cli.js is missing: run "npm run build" first (npm test does).');
});

/** Starts `floe serve` as a user would and waits for the line with the link. */
function serve(args: string[], home: string): Promise<{ url: string; child: ReturnType<typeof spawn>; output: () => string }> {
  const child = spawn(process.execPath, [cli, 'serve', ...args], { env: { ...process.env, FLOE_HOME: home } });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('http://'));
      if (line) resolve({ url: line.trim(), child, output: () => output });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`floe serve exited with ${code}: ${output}`)));
  });
}

describe('the floe CLI', () => {
  it('prints its version', () => {
    const result = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('serve prints the link on a line of its own, serves the built app behind it, and stops on SIGTERM', async () => {
    const home = tempDir();
    const { url, child } = await serve(['--port', '0'], home);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const signedIn = await request(url);
    const cookie = signedIn.headers['set-cookie']![0]!.split(';')[0]!;
    const page = await request(new URL('/', url).href, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<script type="module" crossorigin src="\/?\.?\/?assets\/index-[\w-]+\.js">/);
    expect((await request(new URL('/', url).href)).status).toBe(401);
    expect(fs.existsSync(path.join(home, 'floe.db'))).toBe(true);

    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('serve uses the port asked for, and says clearly when it is taken', async () => {
    const first = await serve(['--port', '0'], tempDir());
    const port = new URL(first.url).port;
    const child = spawnSync(process.execPath, [cli, 'serve', '--port', port], {
      env: { ...process.env, FLOE_HOME: tempDir() },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.status).toBe(1);
    expect(child.stderr).toContain(`Port ${port} is already in use`);
  });

  it('serve refuses a non-loopback address', () => {
    const child = spawnSync(process.execPath, [cli, 'serve', '--host', '0.0.0.0'], {
      env: { ...process.env, FLOE_HOME: tempDir() },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.status).toBe(1);
    expect(child.stderr).toContain('only listens on this machine');
    expect(child.stdout).not.toContain('http://');
  });
});
