import type { Command } from 'commander';
import type { Connection, ConnectionTestResult } from '../../../shared/schemas';
import { parseAccountIdentifier } from '../../snowflake/account-identifier';
import { FloeError } from '../errors';
import { print } from './output';
import { readStdin } from './prompt';
import { call, withCore } from './with-core';

interface AddOptions {
  name: string;
  account: string;
  user: string;
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  key?: string;
  passwordStdin?: boolean;
  accessUrl?: string;
  tables?: string;
  views?: string;
  json?: boolean;
}

const list = (value?: string) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : []);

const summary = (c: Connection) => ({
  id: c.id,
  name: c.name,
  account: c.account,
  user: c.username,
  role: c.role,
  warehouse: c.warehouse,
  database: c.database,
  schema: c.schema,
  auth: c.authKind,
  keyFingerprint: c.keyFingerprint,
  status: c.status,
  lastTestedAt: c.lastTestedAt,
});

/** The documented shape of `floe connections test --json`. */
const testOutput = (r: ConnectionTestResult) => ({
  ok: r.ok,
  role: r.role,
  warehouse: r.warehouse,
  database: r.database,
  schema: r.schema,
  objects: r.objects.map((o) => ({ name: o.name, readable: o.readable, ...(o.problem ? { problem: o.problem } : {}) })),
  ...(r.error ? { error: { code: r.error.code, message: r.error.message, remedy: r.error.remedy, ...(r.error.sql ? { sql: r.error.sql } : {}) } } : {}),
  ...(r.rotation ? { rotation: r.rotation } : {}),
  durationMs: r.durationMs,
});

function describeTest(r: ConnectionTestResult): string {
  const lines = [r.ok ? '✓ Connection works.' : '✗ Connection test failed.'];
  if (r.role) lines.push(`  role ${r.role}, warehouse ${r.warehouse ?? '—'}, database ${r.database ?? '—'}, schema ${r.schema ?? '—'}`);
  for (const o of r.objects) lines.push(`  ${o.readable ? '✓' : '✗'} ${o.name}${o.problem ? ` — ${o.problem}` : ''}`);
  if (r.error) {
    lines.push('', r.error.message, r.error.remedy);
    if (r.error.sql) lines.push('', r.error.sql);
  }
  if (r.rotation) lines.push('', 'The new key is in use. Remove the old one with:', r.rotation.unsetSql.trimEnd());
  return lines.join('\n') + '\n';
}

function findConnection(connections: Connection[], name: string): Connection {
  const found = connections.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new FloeError('connection_not_found', `There is no connection called "${name}".`, 'List them with: floe connections list');
  return found;
}

export function registerConnectionCommands(program: Command): void {
  const connections = program.command('connections').description('Snowflake connections');

  connections
    .command('add')
    .description('save a Snowflake connection (test it with: floe connections test NAME)')
    .requiredOption('--name <name>', 'a name for the connection')
    .requiredOption('--account <account>', 'orgname-accountname, a locator such as xy12345.us-east-2.aws, or the account URL')
    .requiredOption('--user <user>', 'the Snowflake user')
    .option('--role <role>', 'the role to use')
    .option('--warehouse <warehouse>', 'the warehouse to use')
    .option('--database <database>', 'the database to read')
    .option('--schema <schema>', 'the schema to read')
    .option('--key <name>', 'sign in with this key pair')
    .option('--password-stdin', 'sign in with the password read from standard input')
    .option('--access-url <url>', 'a private endpoint (or the emulator) instead of the account’s public URL')
    .option('--tables <t1,t2>', 'the tables the connection test checks (default: every table in the schema)')
    .option('--views <v1,v2>', 'the views the connection test checks')
    .option('--json', 'print the saved connection as JSON')
    .action((options: AddOptions) =>
      withCore(options, async (core) => {
        if (Boolean(options.key) === Boolean(options.passwordStdin)) {
          throw new FloeError('choose_auth', 'Choose one way to sign in: --key NAME or --password-stdin.', 'Key pairs are recommended: floe keys generate --name NAME.');
        }
        const account = parseAccountIdentifier(options.account);
        if (!account.ok) throw new FloeError('invalid_account', account.message, account.remedy);
        const key = options.key ? core.store.keys.findByName(options.key) : undefined;
        if (options.key && !key) {
          throw new FloeError('key_not_found', `There is no key pair called "${options.key}".`, 'List them with floe keys list, or create one with floe keys generate.');
        }
        const password = options.passwordStdin ? await readStdin() : undefined;
        if (options.passwordStdin && !password) throw new FloeError('password_empty', 'No password arrived on standard input.', 'Pipe it in, e.g. printf %s "$PASSWORD" | floe connections add …');
        const tables = list(options.tables);
        const views = list(options.views);
        // Through the contract, as the app saves one: a name or URL the app refuses is refused here in the same words.
        const connection = await call(core, 'connections.create', {
          name: options.name,
          account: account.value.account,
          username: options.user,
          role: options.role ?? null,
          warehouse: options.warehouse ?? null,
          database: options.database ?? null,
          schema: options.schema ?? null,
          authKind: key ? 'keypair' : 'password',
          keyId: key?.id ?? null,
          objects: tables.length + views.length > 0 ? { kind: 'list', tables, views } : { kind: 'all' },
          accessUrl: options.accessUrl ?? null,
        });
        if (password) {
          try {
            await core.secrets.set({ kind: 'connection', id: connection.id, field: 'password' }, password);
          } catch (error) {
            core.store.connections.delete(connection.id);
            throw error;
          }
        }
        print(options, summary(connection), () => `Saved connection "${connection.name}" (${account.value.explanation}). Test it with: floe connections test "${connection.name}"\n`);
      }),
    );

  connections
    .command('test <name>')
    .description('sign in and check every chosen object is readable; exit status 0 only when all is well')
    .option('--json', 'print the result as JSON')
    .action((name: string, options: { json?: boolean }) =>
      withCore(options, async (core) => {
        const connection = findConnection(core.store.connections.list(), name);
        const result = await core.connections.test(connection.id);
        print(options, testOutput(result), () => describeTest(result));
        return result.ok;
      }),
    );

  connections
    .command('list')
    .description('list connections with their status')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) =>
      withCore(options, async (core) => {
        const all = core.store.connections.list();
        print(options, all.map(summary), () =>
          all.length
            ? all.map((c) => `${c.name}\t${c.account}\t${c.username}\t${c.status}`).join('\n') + '\n'
            : 'No connections yet. Add one with: floe connections add …\n',
        );
      }),
    );
}
