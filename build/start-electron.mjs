// `npm start`: the desktop app from source. node_modules holds better-sqlite3 built for Node
// (tests, CLI, headless host), so this builds a second copy for Electron's ABI in
// .electron-native/ once per version pair and points the app at it through FLOE_SQLITE_BINDING.
// Nothing in node_modules is rebuilt, so the Node side keeps working.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = (pkg) => JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
const electron = version('electron');
const sqlite = version('better-sqlite3');
const target = path.join(root, '.electron-native', `better-sqlite3-${sqlite}-electron-${electron}`);
const binding = path.join(target, 'build', 'Release', 'better_sqlite3.node');

const run = (command, args, cwd) => spawnSync(command, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });

if (!fs.existsSync(binding)) {
  console.log(`Building better-sqlite3 ${sqlite} for Electron ${electron} (once)…`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), target, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
  });
  const electronArgs = ['--runtime=electron', `--target=${electron}`];
  const prebuilt = run(path.join(root, 'node_modules', '.bin', 'prebuild-install'), electronArgs, target);
  if (prebuilt.status !== 0) {
    const gyp = process.env.npm_config_node_gyp ?? 'node-gyp';
    const built = run(process.execPath, [gyp, 'rebuild', '--release', ...electronArgs, '--dist-url=https://electronjs.org/headers'], target);
    if (built.status !== 0) {
      console.error('Could not build better-sqlite3 for Electron. Check your C++ toolchain (see node-gyp’s README).');
      process.exit(1);
    }
  }
}

const started = spawnSync(
  path.join(root, 'node_modules', '.bin', 'electron-vite'),
  ['preview', '-c', 'build/electron.vite.config.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FLOE_SQLITE_BINDING: binding }, shell: process.platform === 'win32' },
);
process.exit(started.status ?? 1);
