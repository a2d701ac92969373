#!/usr/bin/env node
// `npm test`: every tier in order — typecheck, lint, build, Electronegativity, Vitest (unit, integration),
// the reliability suite, Playwright end to end — then one summary line. On Linux without a session bus it first
// re-runs itself inside `dbus-run-session` with an unlocked gnome-keyring, because the
// integration and end-to-end tests use the real OS keychain.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeVitest, passes, summarise, summaryLines } from './summary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS && !process.env.FLOE_TESTS_IN_SESSION) {
  if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) {
    console.error('The keychain tests need a D-Bus session with gnome-keyring: apt-get install -y dbus gnome-keyring libsecret-1-0');
    process.exit(1);
  }
  const inner = `echo "" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec node "${fileURLToPath(import.meta.url)}"`;
  const run = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner], {
    stdio: 'inherit',
    env: { ...process.env, FLOE_TESTS_IN_SESSION: '1' },
  });
  process.exit(run.status ?? 1);
}

const env = { ...process.env, SNOWFLAKE_DISABLE_PLATFORM_DETECTION: 'true' };
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const vitestJson = path.join(results, 'vitest.json');
const reliabilityJson = path.join(results, 'reliability.json');
const e2eJson = path.join(results, 'e2e.json');
for (const file of [vitestJson, reliabilityJson, e2eJson]) fs.rmSync(file, { force: true });
const vitestRun = (projects, json) => [bin('vitest'), ['run', '--config', 'build/vitest.config.ts', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${json}`]];

const steps = [
  ['typecheck', bin('tsc'), ['-b']],
  ['lint', bin('eslint'), ['.']],
  ['build', bin('electron-vite'), ['build', '-c', 'build/electron.vite.config.ts']],
  ['electron security scan', process.execPath, [path.join(root, 'test/security/electronegativity.mjs')]],
  ['unit + integration', ...vitestRun(['unit', 'integration'], vitestJson)],
  // The reliability suite (test/reliability: kill anywhere, chaos, fuzzing, secret scan) is its own
  // invocation, after the others: it SIGKILLs processes, times a storm and fuzzes with both cores,
  // and it reads the built CLI, so nothing else may run beside it on the 2-core CI machine.
  ['reliability', ...vitestRun(['reliability'], reliabilityJson)],
  ['end to end', bin('playwright'), ['test', '-c', 'test/e2e/playwright.config.ts']],
];

const failedSteps = [];
for (const [name, command, args] of steps) {
  console.log(`\n── ${name} ──`);
  const started = Date.now();
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    failedSteps.push(name);
    console.log(`── ${name}: FAILED (${seconds}s)`);
    // Nothing after a failed build can be trusted to test the current code.
    if (name === 'build') break;
  } else {
    console.log(`── ${name}: ok (${seconds}s)`);
  }
}

const readJson = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined);
const vitest = mergeVitest(readJson(vitestJson), readJson(reliabilityJson));
const e2e = readJson(e2eJson);
const summary = summarise(vitest, e2e, root);

if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\n${summaryLines(summary).join('\n')}`);
process.exit(passes(summary, failedSteps) ? 0 : 1);
