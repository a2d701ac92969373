import { isFloeError } from '../errors';

export interface OutputOptions {
  json?: boolean;
}

/** With --json, stdout carries exactly one JSON document and nothing else. */
export function print(options: OutputOptions, value: unknown, human: () => string): void {
  process.stdout.write(options.json ? JSON.stringify(value) + '\n' : human());
}

/** A failure as the user sees it: what happened and what to do; as JSON on stdout with --json. */
export function printError(options: OutputOptions, error: unknown): void {
  const shaped = isFloeError(error)
    ? error.toIpc()
    : { code: 'error', message: error instanceof Error ? error.message : String(error), remedy: '' };
  if (options.json) process.stdout.write(JSON.stringify({ ok: false, error: shaped }) + '\n');
  process.stderr.write(`${shaped.message}\n${shaped.remedy ? shaped.remedy + '\n' : ''}`);
}
