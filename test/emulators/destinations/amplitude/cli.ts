import { numberOption, optionValues, serveFake } from '../serve-cli';
import { startAmplitudeFake } from './index';

// `tsx test/emulators/destinations/amplitude/cli.ts [--port N] [--api-key K]... [--log]`
// Prints one FLOE_AMPLITUDE_FAKE line, then serves until SIGINT/SIGTERM (exit 0).

serveFake('amplitude', 'FLOE_AMPLITUDE_FAKE', async () => {
  const keys = optionValues('api-key');
  return startAmplitudeFake({ port: numberOption('port'), apiKeys: keys.length ? keys : undefined, log: process.argv.includes('--log') });
});
