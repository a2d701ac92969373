import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { useTempDirs } from '../../helpers/temp-dir';
import { runAsAdmin } from '../../helpers/admin-sql';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = path.join(root, 'out/main/cli.js');
const tempDir = useTempDirs('all');
let emulator: EmulatorHandle;
let home: string;

beforeAll(async () => {
  if (!fs.existsSync(cli)) throw new Error('out/main/cli.js is missing: run "npm run build" first (npm test does).');
  emulator = await startEmulator({ rows: 200 });
  home = tempDir();
});
afterAll(async () => emulator?.close());

/** Runs the built `floe` as a user would, with standard input if given. */
function floe(args: string[], stdin?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, FLOE_HOME: home } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}


describe('floe keys, sql grants and connections, end to end against the emulator', () => {
  it('generates a key, writes the setup SQL, saves and tests a connection', async () => {
    const generated = await floe(['keys', 'generate', '--name', 'cli-key', '--json']);
    expect(generated.status).toBe(0);
    const key = JSON.parse(generated.stdout);
    expect(Object.keys(key).sort()).toEqual(['fingerprint', 'name', 'publicKey']);
    expect(key.fingerprint).toMatch(/^SHA256:/);

    const grants = await floe([
      'sql', 'grants', '--user', 'CLI_USER', '--role', 'CLI_ROLE', '--warehouse', 'CLI_WH',
      '--database', emulator.database, '--schema', emulator.schema, '--all-tables', '--key', 'cli-key', '--json',
    ]);
    expect(grants.status).toBe(0);
    const { sql } = JSON.parse(grants.stdout);
    expect(sql).toContain(`RSA_PUBLIC_KEY = '${key.publicKey}'`);
    await runAsAdmin(emulator, sql);
    const desc = await emulator.sql('DESC USER CLI_USER');
    expect(desc.find((r) => String(r.property).toUpperCase() === 'RSA_PUBLIC_KEY_FP')?.value).toBe(key.fingerprint);

    const added = await floe([
      'connections', 'add', '--name', 'warehouse', '--account', emulator.account.toLowerCase(), '--user', 'CLI_USER',
      '--role', 'CLI_ROLE', '--warehouse', 'CLI_WH', '--database', emulator.database, '--schema', emulator.schema,
      '--key', 'cli-key', '--access-url', emulator.accessUrl, '--json',
    ]);
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'warehouse', auth: 'keypair', keyFingerprint: key.fingerprint });

    const tested = await floe(['connections', 'test', 'warehouse', '--json']);
    const result = JSON.parse(tested.stdout);
    expect(result).toMatchObject({ ok: true, role: 'CLI_ROLE', warehouse: 'CLI_WH', database: emulator.database, schema: emulator.schema });
    expect(result.objects.length).toBeGreaterThan(0);
    expect(result.error).toBeUndefined();
    expect(tested.status).toBe(0);

    await emulator.sql('REVOKE USAGE ON WAREHOUSE CLI_WH FROM ROLE CLI_ROLE');
    const failing = await floe(['connections', 'test', 'warehouse', '--json']);
    expect(failing.status).toBe(1);
    expect(JSON.parse(failing.stdout).error).toMatchObject({ code: 'no_active_warehouse', sql: 'GRANT USAGE ON WAREHOUSE CLI_WH TO ROLE CLI_ROLE;' });
    await emulator.sql('GRANT USAGE ON WAREHOUSE CLI_WH TO ROLE CLI_ROLE');
  });

  it('imports an encrypted key file with the passphrase from standard input', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const file = path.join(home, 'rsa_key.p8');
    fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret passphrase' }));
    const wrong = await floe(['keys', 'import', '--name', 'imported', '--file', file, '--passphrase-prompt', '--json'], 'not it\n');
    expect(wrong.status).toBe(1);
    expect(JSON.parse(wrong.stdout).error.code).toBe('wrong_passphrase');
    const right = await floe(['keys', 'import', '--name', 'imported', '--file', file, '--passphrase-prompt', '--json'], 'secret passphrase\n');
    expect(right.status).toBe(0);
    expect(JSON.parse(right.stdout).fingerprint).toMatch(/^SHA256:/);
    expect(right.stdout + right.stderr).not.toContain('secret passphrase');
  });

  it('a wrong password fails the test with the remedy, and the password is never printed', async () => {
    const added = await floe(
      ['connections', 'add', '--name', 'pw', '--account', emulator.account.toLowerCase(), '--user', emulator.admin.username, '--password-stdin', '--access-url', emulator.accessUrl],
      'wrong-password-123\n',
    );
    expect(added.status).toBe(0);
    const tested = await floe(['connections', 'test', 'pw']);
    expect(tested.status).toBe(1);
    expect(tested.stdout).toContain('Snowflake rejected the user name or password.');
    expect(tested.stdout + tested.stderr).not.toContain('wrong-password-123');
    const db = fs.readFileSync(path.join(home, 'floe.db'));
    expect(db.includes(Buffer.from('wrong-password-123'))).toBe(false);
  });

  it('says clearly what is wrong with bad arguments', async () => {
    const account = await floe(['connections', 'add', '--name', 'x', '--account', 'https://example.com', '--user', 'u', '--key', 'cli-key', '--json']);
    expect(account.status).toBe(1);
    expect(JSON.parse(account.stdout).error.code).toBe('invalid_account');
    const both = await floe(['sql', 'grants', '--user', 'u', '--role', 'r', '--warehouse', 'w', '--database', 'd', '--schema', 's', '--all-tables', '--key', 'k', '--password']);
    expect(both.status).toBe(1);
    expect(both.stderr).toContain('Choose one way to sign in');
    const missing = await floe(['connections', 'test', 'nope', '--json']);
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe('connection_not_found');
  });
});
