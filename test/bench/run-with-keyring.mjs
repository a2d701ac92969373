// The benchmark keeps its connection's password in the OS keychain like the app does; on Linux
// without a session bus it runs itself inside one with gnome-keyring, as npm test does.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = ['--import', 'tsx', path.join(here, 'run.ts'), ...process.argv.slice(2)];
const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
const run =
  process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS
    ? spawnSync('dbus-run-session', ['--', 'sh', '-c', `echo "" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec node ${quoted}`], { stdio: 'inherit' })
    : spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
