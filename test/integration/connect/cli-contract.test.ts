import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, floeCli } from '../../helpers/floe-cli';
import { useTempDirs } from '../../helpers/temp-dir';

// Found by the CLI fuzz (test/reliability/fuzz-cli.test.ts): `keys generate/import` and
// `connections add` reached the store without the contract, so a name the app refuses was met
// by a raw validation dump, and a key pair was saved under it, after which every `keys list`
// (and the app's key list) failed.

const tempDir = useTempDirs();
let home: string;
const floe = floeCli(() => home);
const rawDump = /"path":\s*\[|"code":\s*"too_small"|"code":\s*"custom"/;

const rows = (table: string) => {
  const db = new Database(path.join(home, 'floe.db'), { readonly: true });
  try {
    return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
  } finally {
    db.close();
  }
};

beforeAll(() => assertCliBuilt());

describe('the CLI refuses what the app refuses, in words, and saves nothing', () => {
  it('keys generate and import: a blank or overlong name', async () => {
    home = tempDir();
    for (const name of ['  ', 'k'.repeat(101)]) {
      const generated = await floe.run(['keys', 'generate', '--name', name]);
      expect(generated.status).toBe(1);
      expect(generated.stderr).not.toMatch(rawDump);
      expect(generated.stderr).toMatch(/name/);
    }
    const file = path.join(home, 'key.pem');
    const made = await floe.run(['keys', 'generate', '--name', 'real']);
    expect(made.status).toBe(0);
    fs.writeFileSync(file, '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n');
    const imported = await floe.run(['keys', 'import', '--name', ' ', '--file', file]);
    expect(imported.status).toBe(1);
    expect(imported.stderr).not.toMatch(rawDump);
    expect(rows('keys')).toBe(1);
    const listed = await floe.run(['keys', 'list']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('real');
  });

  it('keys generate: a passphrase shorter than the app allows', async () => {
    home = tempDir();
    const short = await floe.run(['keys', 'generate', '--name', 'k', '--passphrase-prompt'], 'abc\n');
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/passphrase/);
    expect(short.stderr).not.toMatch(rawDump);
    expect(rows('keys')).toBe(0);
  });

  it('connections add: a name with a line break, an http access URL to another host', async () => {
    home = tempDir();
    const base = ['connections', 'add', '--name', 'c', '--account', 'myorg-myaccount', '--password-stdin'];
    const lineBreak = await floe.run([...base, '--user', 'a\nGRANT ROLE ACCOUNTADMIN TO USER x;'], 'pw\n');
    expect(lineBreak.status).toBe(1);
    expect(lineBreak.stderr).toContain('one line');
    expect(lineBreak.stderr).not.toMatch(rawDump);
    const plainHttp = await floe.run([...base, '--user', 'u', '--access-url', 'http://evil.example'], 'pw\n');
    expect(plainHttp.status).toBe(1);
    expect(plainHttp.stderr).toContain('https://');
    expect(plainHttp.stderr).not.toMatch(rawDump);
    expect(rows('connections')).toBe(0);
  });
});
