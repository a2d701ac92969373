import { startCustomerIoFake } from './index';

// `tsx test/emulators/destinations/customerio/cli.ts [--port N] [--api-key K]... [--log]`
// Prints one FLOE_CUSTOMERIO_FAKE line, then serves until SIGINT/SIGTERM (exit 0).

function all(name: string): string[] {
  return process.argv.flatMap((a, i) => (a === `--${name}` && process.argv[i + 1] !== undefined ? [process.argv[i + 1]!] : []));
}

function port(): number | undefined {
  const v = all('port')[0];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--port must be a non-negative integer, got "${v}"`);
  return n;
}

async function main(): Promise<void> {
  const keys = all('api-key');
  const fake = await startCustomerIoFake({ port: port(), apiKeys: keys.length ? keys : undefined, log: process.argv.includes('--log') });
  process.stdout.write(`FLOE_CUSTOMERIO_FAKE ${JSON.stringify({ url: fake.url })}\n`);
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
}

main().catch((e: unknown) => {
  process.stderr.write(`customerio fake failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
