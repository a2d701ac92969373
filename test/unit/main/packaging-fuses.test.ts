import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 15 §1.3: the packaged app's Electron fuses, as electron-builder flips them from its config.
const config = fs.readFileSync(path.resolve(__dirname, '../../../electron-builder.yml'), 'utf8');

/** The `electronFuses:` block's settings (two-space indented `key: true|false` lines). */
function fuses(text: string): Record<string, boolean> {
  const block = /^electronFuses:\n((?: {2}\w+: (?:true|false)\n)+)/m.exec(text);
  if (!block) return {};
  return Object.fromEntries([...block[1]!.matchAll(/^ {2}(\w+): (true|false)$/gm)].map((m) => [m[1]!, m[2] === 'true']));
}

describe('the packaged app’s fuses', () => {
  it('cannot run as Node, take NODE_OPTIONS or --inspect, or load the app from outside its checked app.asar; cookies are encrypted', () => {
    expect(fuses(config)).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('nothing in the app relies on running Electron as Node', () => {
    const sources = ['electron/main', 'electron/core'].flatMap((dir) => fs.readdirSync(path.resolve(__dirname, '../../..', dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f)));
    const users = sources.filter((file) => fs.readFileSync(path.resolve(__dirname, '../../..', file), 'utf8').includes('ELECTRON_RUN_AS_NODE'));
    expect(users).toEqual([]);
  });
});
