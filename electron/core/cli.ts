import { Command } from 'commander';
import { registerConnectionCommands } from './cli/connections';
import { registerDestinationCommands } from './cli/destinations';
import { registerKeyCommands } from './cli/keys';
import { registerSchedulerCommand } from './cli/scheduler';
import { parsePort, serve } from './cli/serve';
import { registerSqlCommands } from './cli/sql';
import { registerSyncCommands } from './cli/syncs';
import { isFloeError } from './errors';
import { readVersion } from './version';

export function buildProgram(): Command {
  const program = new Command('floe')
    .description('Floe: move data between Snowflake and the apps analysts use.')
    .version(readVersion(), '-v, --version', 'print the version');

  program
    .command('serve')
    .description('run Floe without a window, serving its UI on 127.0.0.1 behind a one-time link')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', parsePort, 0)
    .option('--host <address>', 'loopback address to bind', '127.0.0.1')
    .action(serve);

  registerKeyCommands(program);
  registerSqlCommands(program);
  registerConnectionCommands(program);
  registerDestinationCommands(program);
  registerSyncCommands(program);
  registerSchedulerCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (isFloeError(error)) {
      process.stderr.write(`${error.message}\n${error.remedy}\n`);
    } else {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exitCode = 1;
  }
}
