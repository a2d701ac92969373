import type { Command } from 'commander';
import { FloeError } from '../errors';
import { print } from './output';
import { readStdin } from './prompt';
import { call, withCore } from './with-core';

interface AddOptions {
  name: string;
  kind: 'http' | 'file';
  url?: string;
  format?: string;
  gzip?: boolean;
  header: string[];
  auth?: 'none' | 'bearer' | 'basic';
  basicUser?: string;
  secretStdin?: boolean;
  batchSize?: number;
  directory?: string;
  prefix?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerDestinationCommands(program: Command): void {
  const destinations = program.command('destinations').description('where syncs deliver rows');

  destinations
    .command('add')
    .description('add an HTTP endpoint or a file destination')
    .requiredOption('--name <name>', 'a name for the destination')
    .requiredOption('--kind <kind>', 'http or file')
    .option('--url <url>', 'http: the endpoint URL')
    .option('--format <format>', 'http: json or ndjson; file: ndjson or csv')
    .option('--gzip', 'http: gzip request bodies')
    .option('--header <name:value>', 'http: a header to send (repeatable)', collect, [])
    .option('--auth <kind>', 'http: none, bearer or basic', 'none')
    .option('--basic-user <user>', 'http: the user name for basic auth')
    .option('--secret-stdin', 'http: read the bearer token or basic-auth password from standard input')
    .option('--batch-size <n>', 'http: records per request', (v) => Number(v))
    .option('--directory <path>', 'file: the folder files are written to')
    .option('--prefix <prefix>', 'file: the start of each file name')
    .option('--json', 'print the destination as JSON')
    .action((options: AddOptions) =>
      withCore(options, async (core) => {
        const headers = Object.fromEntries(
          options.header.map((h) => {
            const colon = h.indexOf(':');
            if (colon < 1) throw new FloeError('invalid_header', `"${h}" is not a header.`, 'Write it as Name:value.');
            return [h.slice(0, colon).trim(), h.slice(colon + 1).trim()];
          }),
        );
        const settings =
          options.kind === 'http'
            ? { url: options.url, format: options.format, gzip: Boolean(options.gzip), headers, auth: options.auth, basicUsername: options.basicUser, batchSize: options.batchSize }
            : { directory: options.directory, format: options.format, prefix: options.prefix };
        const auth = options.kind === 'http' && options.auth !== 'none';
        if (auth && !options.secretStdin) throw new FloeError('secret_required', `--auth ${options.auth} needs its secret.`, 'Pipe it in with --secret-stdin.');
        const secret = auth ? await readStdin() : undefined;
        const destination = await call(core, 'destinations.create', {
          name: options.name,
          kind: options.kind,
          settings: JSON.parse(JSON.stringify(settings)) as Record<string, unknown>,
        });
        if (secret) {
          try {
            await call(core, 'secrets.set', { ref: { kind: 'destination', id: destination.id, field: options.auth === 'bearer' ? 'token' : 'basicAuth' }, value: secret });
          } catch (error) {
            core.store.destinations.delete(destination.id);
            throw error;
          }
        }
        print(options, destination, () => `Added ${options.kind} destination "${destination.name}".\n`);
      }),
    );

  destinations
    .command('list')
    .description('list destinations')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) =>
      withCore(options, async (core) => {
        const all = core.store.destinations.list();
        print(options, all, () => (all.length ? all.map((d) => `${d.name}\t${d.kind}`).join('\n') + '\n' : 'No destinations yet.\n'));
      }),
    );
}
