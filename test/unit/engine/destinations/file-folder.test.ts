import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFolder, createFolder } from '../../../../electron/engine/destinations/file/folder';
import { isAbsoluteFolder } from '../../../../shared/destinations/file';
import { useTempDirs } from '../../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('a file destination’s folder', () => {
  it.each([
    ['/home/me/exports', true],
    ['C:\\Users\\me\\exports', true],
    ['D:/exports', true],
    ['\\\\server\\share\\exports', true],
    ['exports', false],
    ['./exports', false],
    ['~/exports', false],
    ['C:exports', false],
  ])('%s is a full path: %s', (directory, absolute) => {
    expect(isAbsoluteFolder(directory)).toBe(absolute);
  });

  it('is looked at without being changed: ready, missing, a file, relative', () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'x');
    expect(checkFolder(dir)).toEqual({ state: 'ready', problem: null });
    expect(checkFolder(path.join(dir, 'a', 'b'))).toMatchObject({ state: 'missing', problem: { message: `The folder ${path.join(dir, 'a', 'b')} does not exist.` } });
    expect(fs.existsSync(path.join(dir, 'a'))).toBe(false);
    expect(checkFolder(file).state).toBe('not-a-folder');
    expect(checkFolder(path.join(file, 'inside')).state).toBe('not-a-folder');
    expect(checkFolder('exports').state).toBe('relative');
  });

  it('is created, with its parents, only when asked', () => {
    const dir = path.join(tempDir(), 'a', 'b');
    expect(createFolder(dir)).toBe(true);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(createFolder(dir)).toBe(false);
    expect(() => createFolder('relative/path')).toThrow(/not a full path/);
  });
});
