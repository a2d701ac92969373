import { numberOption, option, serveFake } from '../serve-cli';
import { startHttpFake, type HttpFakeAuth } from './index';

// `tsx test/emulators/destinations/http/cli.ts [--port N] [--path /ingest] [--id-field F]
//   [--bearer TOKEN | --basic USER:PASS] [--max-records N] [--max-bytes N] [--log]`
// Prints one FLOE_HTTP_FAKE line, then serves until SIGINT/SIGTERM (the demo workspace uses it).

function auth(): HttpFakeAuth | undefined {
  const bearer = option('bearer');
  if (bearer) return { bearer };
  const basic = option('basic');
  if (!basic) return undefined;
  const colon = basic.indexOf(':');
  if (colon < 0) throw new Error('--basic takes USER:PASS');
  return { basic: { username: basic.slice(0, colon), password: basic.slice(colon + 1) } };
}

serveFake('http', 'FLOE_HTTP_FAKE', async () =>
  startHttpFake({
    port: numberOption('port'),
    path: option('path'),
    idField: option('id-field'),
    auth: auth(),
    maxRecordsPerBatch: numberOption('max-records'),
    maxBodyBytes: numberOption('max-bytes'),
    log: process.argv.includes('--log'),
  }),
);
