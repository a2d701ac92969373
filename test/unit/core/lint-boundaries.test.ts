import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-properties').map((m) => m.message);
}

// DESIGN.md §2: the layers' boundaries are enforced by lint. These cases prove the rules bite.
describe('layer boundaries', () => {
  it.each([
    ['renderer/src/features/x.ts', "import fs from 'node:fs'; export const a = fs;", /window\.floe/],
    ['renderer/src/features/x.ts', "import { ipcRenderer } from 'electron'; export const a = ipcRenderer;", /window\.floe/],
    ['renderer/src/features/x.ts', "import { openStore } from '../../../electron/core/store'; export const a = openStore;", /window\.floe/],
    ['renderer/src/features/x.ts', 'export const a = window.floe;', /api\.ts/],
    ['shared/schemas/x.ts', "import path from 'node:path'; export const a = path;", /environment-specific/],
    ['shared/schemas/x.ts', "import React from 'react'; export const a = React;", /environment-specific/],
    ['shared/destinations/x.ts', "import http from 'http'; export const a = http;", /environment-specific/],
    ['renderer/src/features/x.ts', "import fs from 'fs'; export const a = fs;", /window\.floe/],
    ['electron/core/x.ts', "import { app } from 'electron'; export const a = app;", /plain Node/],
    ['electron/engine/x.ts', "import { BrowserWindow } from 'electron'; export const a = BrowserWindow;", /never imports electron or core/],
    ['electron/engine/x.ts', "import { openDatabase } from '../core/store/database'; export const a = openDatabase;", /never imports electron or core/],
    ['electron/engine/state/x.ts', "import { FloeError } from '../../core/errors'; export const a = FloeError;", /never imports electron or core/],
    ['electron/snowflake/x.ts', "import { runSync } from '../engine/run-sync'; export const a = runSync;", /imports neither/],
    ['electron/snowflake/x.ts', "import { FloeError } from '../core/errors'; export const a = FloeError;", /imports neither/],
  ])('%s may not: %s', async (file, code, message) => {
    const found = await violations(file, code);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(message);
  });

  it.each([
    ['renderer/src/lib/api.ts', 'export const a = window.floe;'],
    ['electron/main/x.ts', "import { app } from 'electron'; export const a = app;"],
    ['electron/core/x.ts', "import fs from 'node:fs'; export const a = fs;"],
    ['electron/core/x.ts', "import { runSync } from '../engine/run-sync'; export const a = runSync;"],
    ['electron/engine/x.ts', "import { connect } from '../snowflake/driver'; export const a = connect;"],
    ['shared/schemas/x.ts', "import { z } from 'zod'; export const a = z;"],
    // A destination kind's own file may share a name with a Node module.
    ['shared/destinations/index.ts', "import { http } from './http'; export const a = http;"],
    ['renderer/src/features/destinations/kinds/index.ts', "import { http } from './http'; export const a = http;"],
  ])('%s may: %s', async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
