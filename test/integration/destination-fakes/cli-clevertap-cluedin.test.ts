import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { postJson, send } from './helpers';

// The CleverTap and CluedIn fakes' command lines, as cli.test.ts checks the others: one ready
// line, serve, exit 0 on SIGTERM.

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
  it('clevertap: FLOE_CLEVERTAP_FAKE, the accounts given with --account, records over /__fake/records', async () => {
    await withCli('test/emulators/destinations/clevertap/cli.ts', ['--account', 'A1:P1', '--account', 'A2:P2:in1'], 'FLOE_CLEVERTAP_FAKE', async (url) => {
      const record = { identity: 'u1', type: 'event', evtName: 'played', evtData: { floe_id: 'row-1' } };
      const ok = await postJson(`${url}/1/upload`, { d: [record] }, { headers: { 'X-CleverTap-Account-Id': 'A1', 'X-CleverTap-Passcode': 'P1' } });
      expect(ok.json).toEqual({ status: 'success', processed: 1, unprocessed: [] });
      const otherRegion = await postJson(`${url}/1/upload`, { d: [record] }, { headers: { 'X-CleverTap-Account-Id': 'A2', 'X-CleverTap-Passcode': 'P2' } });
      expect(otherRegion.json).toEqual({ status: 'fail', error: 'Account ID is not valid', code: 401 });
      const defaultAccount = await postJson(`${url}/1/upload`, { d: [record] }, { headers: { 'X-CleverTap-Account-Id': 'CT_ACCOUNT', 'X-CleverTap-Passcode': 'CT_PASSCODE' } });
      expect(defaultAccount.status).toBe(401);
      const stored = (await (await fetch(`${url}/__fake/records`)).json()) as { records: unknown[] };
      expect(stored.records).toEqual([expect.objectContaining(record)]);
    });
  });

  it('cluedin: FLOE_CLUEDIN_FAKE with its default endpoint and token', async () => {
    await withCli('test/emulators/destinations/cluedin/cli.ts', [], 'FLOE_CLUEDIN_FAKE', async (url) => {
      const record = { externalId: 'C-1', type: 'Customer', timestamp: '2025-08-20T03:14:07Z', properties: { name: 'Acme' } };
      const r = await send(`${url}/upload/api/endpoint/9A327661-51FD-4FFC-8DF5-3F80746B996C`, `${JSON.stringify(record)}\n`, {
        gzip: true,
        headers: { Authorization: 'Bearer CLUEDIN_TOKEN', 'Content-Type': 'application/x-ndjson' },
      });
      expect(r.json).toMatchObject({ success: true, warning: false, error: false });
      const stored = (await (await fetch(`${url}/__fake/records`)).json()) as { records: unknown[] };
      expect(stored.records).toEqual([expect.objectContaining(record)]);
    });
  });

  it('cluedin: the endpoints and tokens given with --endpoint and --token', async () => {
    const id = '0d1f2e3c-4b5a-4968-8776-a5b4c3d2e1f0';
    await withCli('test/emulators/destinations/cluedin/cli.ts', ['--endpoint', id, '--token', 'T1'], 'FLOE_CLUEDIN_FAKE', async (url) => {
      const record = { externalId: 'C-1', type: 'Customer', timestamp: '2025-08-20T03:14:07Z', properties: {} };
      expect((await postJson(`${url}/upload/api/endpoint/${id}`, [record], { headers: { Authorization: 'Bearer T1' } })).status).toBe(200);
      expect((await postJson(`${url}/upload/api/endpoint/${id}`, [record], { headers: { Authorization: 'Bearer CLUEDIN_TOKEN' } })).status).toBe(403);
      expect((await postJson(`${url}/upload/api/endpoint/9A327661-51FD-4FFC-8DF5-3F80746B996C`, [record], { headers: { Authorization: 'Bearer T1' } })).status).toBe(404);
    });
  });
});
