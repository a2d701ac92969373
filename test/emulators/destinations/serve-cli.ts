// What the fakes' command lines share: reading options, printing the one line a parent process
// waits for, and serving until SIGINT/SIGTERM (exit 0 once every socket is closed).

/** Every value given for `--name` (an option may repeat, like --api-key). */
export function optionValues(name: string): string[] {
  return process.argv.flatMap((a, i) => (a === `--${name}` && process.argv[i + 1] !== undefined ? [process.argv[i + 1]!] : []));
}

export const option = (name: string): string | undefined => optionValues(name)[0];

/** A non-negative whole number option, or undefined when it is not given. */
export function numberOption(name: string): number | undefined {
  const v = option(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
}

/** Starts a fake, prints `<TAG> {"url":…}`, and closes it on SIGINT/SIGTERM. */
export function serveFake(name: string, tag: string, start: () => Promise<{ url: string; close(): Promise<void> }>): void {
  start().then(
    (fake) => {
      process.stdout.write(`${tag} ${JSON.stringify({ url: fake.url })}\n`);
      let closing = false;
      const stop = (): void => {
        if (closing) return;
        closing = true;
        fake.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e: unknown) => {
      process.stderr.write(`${name} fake failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
