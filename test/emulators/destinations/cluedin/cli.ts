import { numberOption, optionValues, serveFake } from '../serve-cli';
import { startCluedInFake } from './index';

// `tsx test/emulators/destinations/cluedin/cli.ts [--port N] [--endpoint GUID]... [--token T]...
//   [--max-records N] [--max-bytes N] [--log]`
// Prints one FLOE_CLUEDIN_FAKE line, then serves until SIGINT/SIGTERM (exit 0).

serveFake('cluedin', 'FLOE_CLUEDIN_FAKE', async () => {
  const endpoints = optionValues('endpoint');
  const tokens = optionValues('token');
  return startCluedInFake({
    port: numberOption('port'),
    endpoints: endpoints.length ? endpoints : undefined,
    tokens: tokens.length ? tokens : undefined,
    maxRecords: numberOption('max-records'),
    maxBodyBytes: numberOption('max-bytes'),
    log: process.argv.includes('--log'),
  });
});
