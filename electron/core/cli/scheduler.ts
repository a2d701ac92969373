import type { Command } from 'commander';
import { createCore } from '../core';
import { defaultHome } from '../paths';

/**
 * `floe scheduler`: the app's scheduler without a window or a browser, for a workstation without
 * a display. Each decision (due, skipped, waiting for the network, missed while asleep) is a log
 * line on standard output. It shares the data folder safely with the app: slots are claimed in
 * SQLite and the run lease stops a sync running twice.
 */
export function registerSchedulerCommand(program: Command): void {
  program
    .command('scheduler')
    .description('run scheduled syncs without a window, logging each decision, until stopped (Ctrl-C)')
    .action(async () => {
      const core = createCore({ home: defaultHome(), mode: 'headless', echoLog: 'decisions' });
      core.scheduler.start();
      const upcoming = core.scheduler.upcoming(1)[0];
      process.stdout.write(`Floe ${core.version} scheduler is running. Data: ${core.paths.home}\n`);
      process.stdout.write(upcoming ? `Next run: ${upcoming.name} at ${upcoming.text}\n` : 'No sync has a schedule yet.\n');
      // The scheduler's own timer does not hold the process open (in the app it must not); this does.
      const keepAlive = setInterval(() => undefined, 60_000);
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = () => {
          if (stopping) return;
          stopping = true;
          process.stdout.write('Stopping: runs in progress commit what was acknowledged first.\n');
          clearInterval(keepAlive);
          void core.close().finally(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
