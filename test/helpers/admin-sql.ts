import type { EmulatorHandle } from '../emulators/snowflake';

/** The statements of a setup script, as a worksheet runs them: comment lines dropped, split on `;`. */
export function statements(script: string): string[] {
  return script
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Runs a script Floe wrote (setup SQL, rotation SQL) as the emulator's admin, statement by statement. */
export async function runAsAdmin(emulator: EmulatorHandle, script: string): Promise<void> {
  for (const statement of statements(script)) await emulator.sql(statement);
}
