import { type z } from 'zod';
import {
  contract,
  type ChannelName,
  type OutputOf,
  type ParsedInputOf,
  type Result,
} from '../../../shared/ipc';
import { isFloeError } from '../errors';
import type { Logger } from '../log';

export type Handler<C extends ChannelName> = (input: ParsedInputOf<C>) => Promise<OutputOf<C>> | OutputOf<C>;

/** One handler per channel; the type makes a missing handler a compile error. */
export type Handlers = { [C in ChannelName]: Handler<C> };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join('.')] ??= issue.message;
  return fields;
}

function isChannel(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/**
 * The single door into core for both Electron IPC and the headless WebSocket: checks the
 * channel exists, parses untrusted input, runs the handler, and validates the answer (output
 * schemas strip fields they don't declare, so nothing undeclared, secrets included, leaves core).
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  rawInput: unknown,
  log: Logger,
): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return {
      ok: false,
      error: {
        code: 'unknown_channel',
        message: `Floe has no operation called "${String(channel).slice(0, 80)}".`,
        remedy: 'The window and the Floe core are from different versions; restart Floe.',
      },
    };
  }
  const spec = contract[channel];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: `The request for ${channel} was not valid: ${describeIssues(parsed.error)}.`,
        remedy: 'Correct the highlighted values and try again.',
        fields: fieldsOf(parsed.error),
      },
    };
  }
  try {
    const handler = handlers[channel] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    const output = spec.output.safeParse(value);
    if (!output.success) {
      log.error('ipc.output_invalid', { channel, issues: describeIssues(output.error) });
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `Floe produced an answer for ${channel} that does not match its contract.`,
          remedy: 'This is a bug in Floe. The details are in the log file named in Settings.',
        },
      };
    }
    return { ok: true, value: output.data };
  } catch (error) {
    if (isFloeError(error)) {
      log.warn('ipc.failed', { channel, code: error.code });
      return { ok: false, error: error.toIpc() };
    }
    log.error('ipc.crashed', { channel, error: error instanceof Error ? error.name + ': ' + error.message : 'unknown' });
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `Something went wrong inside Floe while handling ${channel}.`,
        remedy: 'Try again. If it keeps happening, the details are in the log file named in Settings.',
      },
    };
  }
}
