import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findCredentials } from '@napi-rs/keyring';
import { afterEach, describe, expect, it } from 'vitest';
import { Keychain } from '../../../electron/core/secrets';
import type { SecretRef } from '../../../shared/schemas';

const run = promisify(execFile);

// A service name of its own per run, so the test never touches a real user's Floe secrets.
const service = `FloeTest-${randomUUID()}`;
const keychain = new Keychain(service);
const ref = (field: SecretRef['field'] = 'password'): SecretRef => ({ kind: 'connection', id: 'c1', field });

afterEach(async () => {
  for (const field of ['password', 'privateKey', 'apiKey'] as const) await keychain.clear(ref(field));
});

describe('the OS keychain (real Secret Service)', () => {
  it('reports itself available', async () => {
    const info = await keychain.info();
    expect(info).toMatchObject({ available: true, problem: null });
    expect(info.backend).toMatch(/Secret Service|Keychain|Credential Manager/);
  });

  it('stores, tests for, reads and clears a secret under <kind>:<id>:<field>', async () => {
    expect(await keychain.has(ref())).toBe(false);
    await keychain.set(ref(), 'correct horse battery staple');
    expect(await keychain.has(ref())).toBe(true);
    expect(await keychain.get(ref())).toBe('correct horse battery staple');
    expect(findCredentials(service).map((c) => c.account)).toEqual(['connection:c1:password']);
    expect(await keychain.clear(ref())).toBe(true);
    expect(await keychain.clear(ref())).toBe(false);
    expect(await keychain.get(ref())).toBeNull();
  });

  it('keeps multi-line secrets such as PEM keys exactly', async () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEv…\n-----END PRIVATE KEY-----\n';
    await keychain.set(ref('privateKey'), pem);
    expect(await keychain.get(ref('privateKey'))).toBe(pem);
  });

  it('overwrites rather than duplicating', async () => {
    await keychain.set(ref('apiKey'), 'one');
    await keychain.set(ref('apiKey'), 'two');
    expect(await keychain.get(ref('apiKey'))).toBe('two');
    expect(findCredentials(service)).toHaveLength(1);
  });
});

describe('without a Secret Service', () => {
  it.runIf(process.platform === 'linux')('says so, says what to do, and refuses to store anything', async () => {
    const probe = fileURLToPath(new URL('./fixtures/keychain-probe.ts', import.meta.url));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', probe, service], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/floe-test-bus' },
    });
    const { info, setError } = JSON.parse(stdout);
    expect(info.available).toBe(false);
    expect(info.problem).toMatch(/could not reach the OS keychain/);
    expect(info.problem).toMatch(/gnome-keyring|KWallet/);
    expect(setError).toMatchObject({ code: 'keychain_unavailable' });
    // Nothing reached the real keychain, and nothing fell back to another store.
    expect(await keychain.get(ref())).toBeNull();
  });
});
