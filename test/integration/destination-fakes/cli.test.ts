import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { basicAuth, postJson } from './helpers';

// Each fake's CLI (the demo workspace starts them): one ready line, serves, exits 0 on SIGTERM.

const root = path.resolve(__dirname, '../../..');

async function withCli(script: string, args: string[], marker: string, use: (url: string) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    });
    expect(line).toMatch(new RegExp(`^${marker} \\{"url":"http://127\\.0\\.0\\.1:\\d+"\\}$`));
    await use((JSON.parse(line.slice(marker.length + 1)) as { url: string }).url);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

describe('cli', () => {
  it('amplitude: FLOE_AMPLITUDE_FAKE, the keys given with --api-key, events over /__fake/events', async () => {
    await withCli('test/emulators/destinations/amplitude/cli.ts', ['--api-key', 'K1', '--api-key', 'K2'], 'FLOE_AMPLITUDE_FAKE', async (url) => {
      const event = { event_type: 'played', user_id: 'user-0001', insert_id: 'row-1' };
      expect((await postJson(`${url}/2/httpapi`, { api_key: 'K2', events: [event] })).status).toBe(200);
      expect((await postJson(`${url}/2/httpapi`, { api_key: 'AMP_KEY', events: [event] })).json).toMatchObject({ error: 'Invalid API key' });
      const stored = (await (await fetch(`${url}/__fake/events`)).json()) as { events: unknown[] };
      expect(stored.events).toEqual([expect.objectContaining(event)]);
    });
  });

  it('customerio: FLOE_CUSTOMERIO_FAKE with its default key', async () => {
    await withCli('test/emulators/destinations/customerio/cli.ts', [], 'FLOE_CUSTOMERIO_FAKE', async (url) => {
      const r = await postJson(`${url}/v1/batch`, { batch: [{ type: 'identify', userId: 'u1' }] }, { headers: { Authorization: basicAuth('CIO_KEY'), 'X-Strict-Mode': '1' } });
      expect([r.status, r.json]).toEqual([200, {}]);
      const stored = (await (await fetch(`${url}/__fake/calls`)).json()) as { calls: unknown[] };
      expect(stored.calls).toEqual([expect.objectContaining({ type: 'identify', userId: 'u1' })]);
    });
  });
});
