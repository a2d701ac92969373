import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EmulatorHandle } from '../../emulators/snowflake';

// Runs the emulator CLI in its own process so its memory can be measured apart from the driver.

export interface ChildEmulator {
  info: Pick<EmulatorHandle, 'accessUrl' | 'account' | 'database' | 'schema' | 'warehouse'> & { admin: { username: string; password: string } };
  pid: number;
  peakRssMb(): number;
  stop(): Promise<void>;
}

export async function startChildEmulator(args: string[]): Promise<ChildEmulator> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/emulators/snowflake/cli.ts', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SNOWFLAKE_DISABLE_PLATFORM_DETECTION: 'true' },
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (l) => {
      if (l.startsWith('FLOE_EMULATOR ')) resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const j = JSON.parse(line.slice('FLOE_EMULATOR '.length)) as Record<string, string>;
  return {
    info: {
      accessUrl: j.accessUrl!,
      account: j.account!,
      database: j.database!,
      schema: j.schema!,
      warehouse: j.warehouse!,
      admin: { username: j.username!, password: j.password! },
    },
    pid: child.pid!,
    peakRssMb(): number {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
