import type { Command } from 'commander';
import { FloeError } from '../errors';
import { print } from './output';
import { withCore } from './with-core';

interface GrantOptions {
  user: string;
  role: string;
  warehouse: string;
  database: string;
  schema: string;
  tables?: string;
  views?: string;
  allTables?: boolean;
  key?: string;
  password?: boolean;
  existingUser?: boolean;
  existingRole?: boolean;
  existingWarehouse?: boolean;
  adminRole?: string;
  json?: boolean;
}

const list = (value?: string) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : []);

export function registerSqlCommands(program: Command): void {
  const sql = program.command('sql').description('SQL for a Snowflake admin to run');

  sql
    .command('grants')
    .description('the setup script: read-only role, warehouse, grants and the service user')
    .requiredOption('--user <user>', 'the user Floe signs in as')
    .requiredOption('--role <role>', 'the role Floe uses')
    .requiredOption('--warehouse <warehouse>', 'the warehouse Floe queries with')
    .requiredOption('--database <database>', 'the database to read')
    .requiredOption('--schema <schema>', 'the schema to read')
    .option('--tables <t1,t2>', 'grant SELECT on these tables only')
    .option('--views <v1,v2>', 'grant SELECT on these views only')
    .option('--all-tables', 'grant SELECT on all current and future tables and views in the schema')
    .option('--key <name>', 'sign in with this key pair (from floe keys generate/import)')
    .option('--password', 'sign in with a password (not recommended)')
    .option('--existing-user', 'the user exists: set its key instead of creating it')
    .option('--existing-role', 'the role exists: do not create it')
    .option('--existing-warehouse', 'the warehouse exists: do not create it')
    .option('--admin-role <role>', 'the role that runs the script', 'ACCOUNTADMIN')
    .option('--json', 'print {"sql": "…"}')
    .action((options: GrantOptions) =>
      withCore(options, async (core) => {
        if (Boolean(options.key) === Boolean(options.password)) {
          throw new FloeError('choose_auth', 'Choose one way to sign in: --key NAME or --password.', 'Key pairs are recommended: floe keys generate --name NAME.');
        }
        const tables = list(options.tables);
        const views = list(options.views);
        if (options.allTables === (tables.length + views.length > 0)) {
          throw new FloeError('choose_objects', 'Choose what Floe may read: --all-tables, or --tables/--views with names.', 'For example --tables EVENTS,USERS.');
        }
        let keyId: string | undefined;
        if (options.key) {
          const key = core.store.keys.findByName(options.key);
          if (!key) throw new FloeError('key_not_found', `There is no key pair called "${options.key}".`, 'List them with floe keys list, or create one with floe keys generate.');
          keyId = key.id;
        }
        const text = core.connections.grantSql({
          adminRole: options.adminRole,
          user: options.user,
          role: options.role,
          warehouse: options.warehouse,
          database: options.database,
          schema: options.schema,
          createUser: !options.existingUser,
          createRole: !options.existingRole,
          createWarehouse: !options.existingWarehouse,
          objects: options.allTables ? { kind: 'all' } : { kind: 'list', tables, views },
          auth: keyId ? { kind: 'keypair', keyId } : { kind: 'password' },
        });
        print(options, { sql: text }, () => text);
      }),
    );
}
