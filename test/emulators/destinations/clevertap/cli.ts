import { numberOption, option, optionValues, serveFake } from '../serve-cli';
import { startCleverTapFake, type CleverTapAccount, type Region } from './index';

// `tsx test/emulators/destinations/clevertap/cli.ts [--port N] [--region eu1]
//   [--account ID:PASSCODE[:REGION]]... [--max-concurrent N] [--processing-ms N] [--legacy] [--log]`
// Prints one FLOE_CLEVERTAP_FAKE line, then serves until SIGINT/SIGTERM (exit 0).

function accounts(): CleverTapAccount[] | undefined {
  const given = optionValues('account');
  if (!given.length) return undefined;
  return given.map((a) => {
    const [id, passcode, region] = a.split(':');
    if (!id || !passcode) throw new Error(`--account takes ID:PASSCODE[:REGION], got "${a}"`);
    return { id, passcode, ...(region ? { region: region as Region } : {}) };
  });
}

serveFake('clevertap', 'FLOE_CLEVERTAP_FAKE', async () =>
  startCleverTapFake({
    port: numberOption('port'),
    region: option('region') as Region | undefined,
    accounts: accounts(),
    maxConcurrent: numberOption('max-concurrent'),
    processingMs: numberOption('processing-ms'),
    responseStyle: process.argv.includes('--legacy') ? 'legacy' : undefined,
    log: process.argv.includes('--log'),
  }),
);
