import { numberOption, optionValues, serveFake } from '../serve-cli';
import { startCustomerIoFake } from './index';

// `tsx test/emulators/destinations/customerio/cli.ts [--port N] [--api-key K]... [--log]`
// Prints one FLOE_CUSTOMERIO_FAKE line, then serves until SIGINT/SIGTERM (exit 0).

serveFake('customerio', 'FLOE_CUSTOMERIO_FAKE', async () => {
  const keys = optionValues('api-key');
  return startCustomerIoFake({ port: numberOption('port'), apiKeys: keys.length ? keys : undefined, log: process.argv.includes('--log') });
});
