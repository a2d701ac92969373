import { createCore, type Core } from '../core';
import { defaultHome } from '../paths';
import { printError, type OutputOptions } from './output';

/**
 * Runs one command against the same core the app uses, on the data folder FLOE_HOME names,
 * and turns any failure into a message with a remedy and exit status 1.
 */
export async function withCore(options: OutputOptions, work: (core: Core) => Promise<boolean | void>): Promise<void> {
  let core: Core | undefined;
  try {
    core = createCore({ home: defaultHome(), mode: 'headless' });
    const ok = await work(core);
    if (ok === false) process.exitCode = 1;
  } catch (error) {
    printError(options, error);
    process.exitCode = 1;
  } finally {
    await core?.close();
  }
}
