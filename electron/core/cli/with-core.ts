import type { ChannelName, InputOf, OutputOf } from '../../../shared/ipc';
import { createCore, type Core } from '../core';
import { FloeError } from '../errors';
import { dispatch } from '../ipc/dispatch';
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

/**
 * Calls a channel exactly as the UI does (input parsed against the contract, errors shaped the
 * same), so the CLI refuses what the app refuses, with the same words.
 */
export async function call<C extends ChannelName>(core: Core, channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const result = await dispatch(core.handlers, channel, input, core.log);
  if (!result.ok) throw new FloeError(result.error.code, result.error.message, result.error.remedy);
  return result.value as OutputOf<C>;
}
