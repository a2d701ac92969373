import { startHttpFake, type HttpFakeAuth } from './index';

// `tsx test/emulators/destinations/http/cli.ts [--port N] [--path /ingest] [--id-field F]
//   [--bearer TOKEN | --basic USER:PASS] [--max-records N] [--max-bytes N] [--log]`
// Prints one FLOE_HTTP_FAKE line, then serves until SIGINT/SIGTERM (the demo workspace uses it).

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function num(name: string): number | undefined {
  const v = arg(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
}

function auth(): HttpFakeAuth | undefined {
  const bearer = arg('bearer');
  if (bearer) return { bearer };
  const basic = arg('basic');
  if (!basic) return undefined;
  const colon = basic.indexOf(':');
  if (colon < 0) throw new Error('--basic takes USER:PASS');
  return { basic: { username: basic.slice(0, colon), password: basic.slice(colon + 1) } };
}

async function main(): Promise<void> {
  const fake = await startHttpFake({
    port: num('port'),
    path: arg('path'),
    idField: arg('id-field'),
    auth: auth(),
    maxRecordsPerBatch: num('max-records'),
    maxBodyBytes: num('max-bytes'),
    log: process.argv.includes('--log'),
  });
  process.stdout.write(`FLOE_HTTP_FAKE ${JSON.stringify({ url: fake.url })}\n`);
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
  process.stderr.write(`http fake failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
