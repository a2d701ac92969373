import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/core';
import { Keychain } from '../../../electron/core/secrets';
import { useTempDirs } from '../../helpers/temp-dir';

// Issue 15 §1.9: floe.db holds rejected source rows (customers' data) and the logs name runs:
// the data folder is the user's alone.
const tempDir = useTempDirs('all');
const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe.skipIf(process.platform === 'win32')('the data folder is private', () => {
  it('a new data folder is created 0700, floe.db and its WAL 0600, the logs folder 0700', async () => {
    const home = path.join(tempDir(), 'Floe');
    const core = createCore({ home, mode: 'headless', secrets: new Keychain(`FloeTest-${randomUUID()}`) });
    try {
      core.store.db.prepare('CREATE TABLE IF NOT EXISTS probe (x)').run();
      core.log.info('probe.written');
      expect(mode(home)).toBe(0o700);
      expect(mode(path.join(home, 'logs'))).toBe(0o700);
      expect(mode(path.join(home, 'floe.db'))).toBe(0o600);
      expect(mode(path.join(home, 'floe.db-wal'))).toBe(0o600);
      expect(mode(path.join(home, 'logs', 'floe.log'))).toBe(0o600);
    } finally {
      await core.close();
    }
  });

  it('a floe.db an older version left readable by others is made owner-only', async () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'floe.db'), '');
    fs.chmodSync(path.join(home, 'floe.db'), 0o644);
    const core = createCore({ home, mode: 'headless', secrets: new Keychain(`FloeTest-${randomUUID()}`) });
    await core.close();
    expect(mode(path.join(home, 'floe.db'))).toBe(0o600);
  });
});
