import { startEmulator } from './index';

// `npm run emulator -- [--port N] [--rows N] [--db FILE]`: prints one FLOE_EMULATOR line with
// the admin connection config, then serves until SIGINT/SIGTERM.

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= 'true';
  const port = arg('port');
  const rows = arg('rows');
  const db = arg('db');
  const emu = await startEmulator({
    port: port ? Number(port) : 0,
    rows: rows ? Number(rows) : undefined,
    dbFile: db,
    log: process.argv.includes('--log'),
  });
  process.stdout.write(
    `FLOE_EMULATOR ${JSON.stringify({
      accessUrl: emu.accessUrl,
      account: emu.account,
      username: emu.admin.username,
      password: emu.admin.password,
      database: emu.database,
      schema: emu.schema,
      warehouse: emu.warehouse,
    })}\n`,
  );
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    emu.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
