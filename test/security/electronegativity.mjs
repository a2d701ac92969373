#!/usr/bin/env node
// `npm run scan:electron` (and a step of `npm test`): Doyensec's Electronegativity over the app's
// sources. Fails on any high or medium finding that test/security/electronegativity-reviewed.json
// does not accept with a reason; prints the figure. The scanner lives in tools/electronegativity
// (its own dependencies), installed there with npm ci when missing. Its check of newer Electron
// releases needs the internet and is skipped; the Electron version is package.json's.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFindings, verdict } from './electronegativity-findings.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tool = path.join(root, 'tools/electronegativity');
const cli = path.join(tool, 'node_modules/@doyensec/electronegativity/dist/index.js');

if (!fs.existsSync(cli)) {
  console.log('Installing Electronegativity into tools/electronegativity (npm ci)…');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: tool, stdio: 'inherit' });
  if (install.status !== 0) {
    console.error('Could not install Electronegativity: run "npm ci" in tools/electronegativity, then again.');
    process.exit(1);
  }
}

// What ships: the main process, preload, core, engine, shared code and the renderer.
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-scan-'));
for (const part of ['electron', 'shared', 'renderer/src', 'renderer/index.html', 'package.json']) {
  fs.cpSync(path.join(root, part), path.join(stage, part), { recursive: true });
}
const electron = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies.electron.replace(/^[^\d]*/, '');
const csv = path.join(stage, 'findings.csv');
const scan = spawnSync(process.execPath, [cli, '-i', stage, '-r', '-v', 'false', '-x', 'AvailableSecurityFixesGlobalCheck', '-e', electron, '-o', csv], { encoding: 'utf8' });
if (!fs.existsSync(csv)) {
  console.error(scan.stdout.slice(-2000), scan.stderr.slice(-2000));
  console.error('Electronegativity wrote no findings file: see its output above.');
  process.exit(1);
}
const findings = parseFindings(fs.readFileSync(csv, 'utf8'));
fs.rmSync(stage, { recursive: true, force: true });
const reviewed = JSON.parse(fs.readFileSync(path.join(root, 'test/security/electronegativity-reviewed.json'), 'utf8')).reviewed;
const result = verdict(findings, reviewed);
for (const line of result.lines) console.log(line);
process.exit(result.ok ? 0 : 1);
