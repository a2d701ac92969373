import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cookieName, newToken, originsAllowed, readCookie, tokensEqual } from '../../../electron/core/host/auth';
import { assertLoopbackHost, isLoopbackHost } from '../../../electron/core/host/loopback';
import { resolveStatic } from '../../../electron/core/host/static-files';
import { useTempDirs } from '../../helpers/temp-dir';

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['10.0.0.1', false],
    ['example.com', false],
    ['127.0.0.1.evil.com', false],
    ['', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it('refuses a non-loopback bind with what to do instead', () => {
    expect(() => assertLoopbackHost('0.0.0.0')).toThrow(/only listens on this machine/);
    expect(() => assertLoopbackHost('127.0.0.1')).not.toThrow();
  });
});

describe('tokens and cookies', () => {
  it('makes a new unguessable token each time', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
  });

  it('compares tokens exactly', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('abc', 'abcd')).toBe(false);
    expect(tokensEqual('abc', undefined)).toBe(false);
    expect(tokensEqual('abc', '')).toBe(false);
  });

  it('reads the per-port cookie', () => {
    expect(cookieName(4100)).toBe('floe_session_4100');
    expect(readCookie('a=1; floe_session_4100=tok%3D; b=2', 'floe_session_4100')).toBe('tok=');
    expect(readCookie('floe_session_4101=x', 'floe_session_4100')).toBeUndefined();
    expect(readCookie(undefined, 'x')).toBeUndefined();
  });
});

describe('originsAllowed', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  it.each([
    [{ host: '127.0.0.1:4100' }, false, true],
    [{ host: 'localhost:4100' }, false, true],
    [{ host: '127.0.0.1:4100', origin: 'http://127.0.0.1:4100' }, true, true],
    [{ host: '127.0.0.1:4100' }, true, false],
    [{ host: '127.0.0.1:4100', origin: 'http://evil.example' }, false, false],
    [{ host: '127.0.0.1:4100', origin: 'http://127.0.0.1:4200' }, false, false],
    [{ host: '127.0.0.1:4100', origin: 'null' }, false, false],
    [{ host: 'rebound.evil.example:4100' }, false, false],
    [{ host: '127.0.0.1:9999' }, false, false],
  ])('%o (origin required: %s) → %s', (headers, requireOrigin, expected) => {
    expect(originsAllowed(req(headers), 4100, requireOrigin)).toBe(expected);
  });
});

describe('resolveStatic', () => {
  const tempDir = useTempDirs();
  it('serves files inside the folder and nothing outside it', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), '1');
    fs.writeFileSync(path.join(path.dirname(root), 'outside.txt'), 'x');
    expect(resolveStatic(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveStatic(root, '/../outside.txt')).toBeUndefined();
    expect(resolveStatic(root, '/%2e%2e/outside.txt')).toBeUndefined();
    expect(resolveStatic(root, '/assets')).toBeUndefined();
    expect(resolveStatic(root, '/%E0%A4%A')).toBeUndefined();
    fs.rmSync(path.join(path.dirname(root), 'outside.txt'));
  });
});
