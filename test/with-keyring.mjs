// Runs a TypeScript tool (the benchmark, the demo) with tsx. Floe keeps secrets in the OS
// keychain; on Linux without a session bus this starts one with gnome-keyring, as npm test does.
// Usage: node test/with-keyring.mjs path/to/tool.ts [args…]
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const [script, ...rest] = process.argv.slice(2);
const args = ['--import', 'tsx', path.resolve(script), ...rest];
const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
const run =
  process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS
    ? spawnSync('dbus-run-session', ['--', 'sh', '-c', `echo "" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec node ${quoted}`], { stdio: 'inherit' })
    : spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
