import fs from 'node:fs';
import type { Command } from 'commander';
import { dataTypesOfDestination, presetFor } from '../../../shared/destinations';
import { SyncFile, type Run, type RunBatches, type Sync } from '../../../shared/schemas';
import type { Core } from '../core';
import { FloeError } from '../errors';
import { wholeNumber } from './numbers';
import { print } from './output';
import { call, withCore } from './with-core';

function findSync(core: Core, name: string): Sync {
  const sync = core.store.syncs.findByName(name);
  if (!sync) throw new FloeError('sync_not_found', `There is no sync called "${name}".`, 'List them with: floe syncs list');
  return sync;
}

function toFile(core: Core, sync: Sync): SyncFile {
  return {
    name: sync.name,
    connection: core.store.connections.get(sync.connectionId)?.name ?? '',
    destination: core.store.destinations.get(sync.destinationId)?.name ?? '',
    query: sync.query,
    strategy: sync.strategy,
    dataType: sync.dataType,
    watermarkColumn: sync.watermarkColumn,
    primaryKey: sync.primaryKey,
    mapping: sync.mapping,
    schedule: sync.schedule,
    rowLimit: sync.rowLimit,
    enabled: sync.enabled,
  };
}

function readSyncFile(file: string): SyncFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new FloeError('file_unreadable', `Floe could not read ${file}: ${(error as Error).message}.`, 'Check the path.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FloeError('invalid_json', `${file} is not valid JSON: ${(error as Error).message}.`, 'Fix the file (floe syncs export NAME shows the format).');
  }
  const parsed = SyncFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FloeError('invalid_sync_file', `${file}: ${issue.path.join('.') || 'the file'}: ${issue.message}.`, 'Fix the file (floe syncs export NAME shows the format).');
  }
  return parsed.data;
}

/** A run record as --json prints it: with how many receipts its destination gave, by HTTP status. */
type RunWithBatches = Run & { batches: RunBatches['summary'] };

const withBatches = (core: Core, run: Run): RunWithBatches => ({ ...run, batches: core.store.runBatches.summary(run.id) });

export const describeRun = (run: RunWithBatches) => {
  const c = run.counters;
  const lines = [
    `Run ${run.id}: ${run.status} (${run.trigger}${run.scheduledFor ? ` for ${run.scheduledFor}` : ''})`,
    `  read ${c.read} = sent ${c.sent} + rejected ${c.rejected} + unchanged ${c.unchanged} + not sent ${c.skipped}${c.deleted ? `; deleted ${c.deleted}` : ''}`,
  ];
  if (c.skipped) lines.push(`  not sent ${c.skipped}: never delivered (the run stopped or was cancelled); the next run sends them again`);
  if (c.maybeDuplicated) lines.push(`  possibly duplicated ${c.maybeDuplicated}: sent again after an answer was lost, to a destination without an idempotency key`);
  if (run.batches.batches) {
    const statuses = Object.entries(run.batches.byStatus).map(([status, n]) => `HTTP ${status} × ${n}`).join(', ');
    lines.push(`  ${run.batches.batches} receipts from the destination (${statuses}); the run's page in the app lists each receipt id`);
  }
  if (run.note) lines.push(`  ${run.note}`);
  if (run.error) lines.push(`  ${run.error.message}`, `  ${run.error.remedy}`);
  return lines.join('\n') + '\n';
};

/** The columns a query returns, read by previewing it; why it cannot be read, as an error. */
async function queryColumns(core: Core, connectionId: string, query: string): Promise<string[]> {
  const preview = await call(core, 'syncs.preview', { connectionId, query });
  if (preview.error) {
    throw new FloeError(preview.error.code, `The sync file has no mapping, and Floe could not read the query's columns to start one: ${preview.error.message}`, `${preview.error.remedy} Or give a mapping in the file.`);
  }
  return preview.columns.map((c) => c.name);
}

export function registerSyncCommands(program: Command): void {
  const syncs = program.command('syncs').description('sync definitions');

  syncs
    .command('import <file>')
    .description('create a sync from a JSON file, or update the sync of the same name')
    .option('--json', 'print the saved sync as JSON')
    .action((file: string, options: { json?: boolean }) =>
      withCore(options, async (core) => {
        const definition = readSyncFile(file);
        const connection = core.store.connections.findByName(definition.connection);
        if (!connection) throw new FloeError('connection_not_found', `There is no connection called "${definition.connection}".`, 'Add it first: floe connections add …');
        const destination = core.store.destinations.list().find((d) => d.name.toLowerCase() === definition.destination.toLowerCase());
        if (!destination) throw new FloeError('destination_not_found', `There is no destination called "${definition.destination}".`, 'Add it first: floe destinations add …');
        const { connection: _c, destination: _d, ...rest } = definition;
        const types = dataTypesOfDestination(destination.kind, destination.settings);
        const dataType = rest.dataType ?? types[0]?.id ?? 'records';
        const type = types.find((t) => t.id === dataType);
        // A file without a mapping starts from its data type's preset fitted to the query's
        // columns, as the app's form does once it has previewed the query. Only a data type
        // whose preset names fields needs the columns: records pass every column through.
        const fitted = type?.fields.some((f) => f.preset) ? presetFor(type, await queryColumns(core, connection.id, rest.query)) : type?.preset;
        const mapping = rest.mapping ?? fitted ?? { rules: [], passThrough: true };
        const draft = { ...rest, dataType, mapping, connectionId: connection.id, destinationId: destination.id };
        const existing = core.store.syncs.findByName(definition.name);
        const saved = existing ? await call(core, 'syncs.update', { id: existing.id, draft }) : await call(core, 'syncs.create', draft);
        print(options, toFile(core, saved), () => `${existing ? 'Updated' : 'Created'} sync "${saved.name}".\n`);
      }),
    );

  syncs
    .command('export <name>')
    .description('print a sync as JSON (the format syncs import reads)')
    .action((name: string) =>
      withCore({ json: true }, async (core) => {
        process.stdout.write(JSON.stringify(toFile(core, findSync(core, name)), null, 2) + '\n');
      }),
    );

  syncs
    .command('list')
    .description('list syncs')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) =>
      withCore(options, async (core) => {
        const all = core.store.syncs.list();
        const overview = new Map((await call(core, 'syncs.overview', {})).map((o) => [o.syncId, o]));
        print(options, all.map((s) => toFile(core, s)), () =>
          all.length
            ? all
                .map((s) => {
                  const o = overview.get(s.id)!;
                  const health = o.health === null ? '' : `\thealth ${Math.floor(o.health * 1000) / 10}%`;
                  return `${s.name}\t${o.status}\t${o.schedule}${o.nextRunText ? `\tnext ${o.nextRunText}` : ''}${health}`;
                })
                .join('\n') + '\n'
            : 'No syncs yet. Create one with: floe syncs import FILE\n',
        );
      }),
    );

  for (const [command, enabled] of [['pause', false], ['resume', true]] as const) {
    syncs
      .command(`${command} <name>`)
      .description(enabled ? 'resume a paused sync’s schedule (from now: paused time is not caught up)' : 'stop a sync’s schedule until resumed')
      .option('--json', 'print the sync as JSON')
      .action((name: string, options: { json?: boolean }) =>
        withCore(options, async (core) => {
          const saved = await call(core, 'syncs.setEnabled', { id: findSync(core, name).id, enabled });
          print(options, toFile(core, saved), () => `${enabled ? 'Resumed' : 'Paused'} "${saved.name}".\n`);
        }),
      );
  }

  program
    .command('run <name>')
    .description('run a sync now and wait for it; exit status 0 only when it succeeded')
    .option('--json', 'print the run record as JSON')
    .action((name: string, options: { json?: boolean }) =>
      withCore(options, async (core) => {
        const sync = findSync(core, name);
        const { finished } = await core.engine.start(sync.id, 'cli');
        const run = withBatches(core, await finished);
        print(options, run, () => describeRun(run));
        return run.status === 'succeeded';
      }),
    );

  program
    .command('dry-run <name>')
    .description('map and validate a sample, showing the exact requests; sends nothing, changes nothing')
    .option('--sample <n>', 'rows to sample (1 to 1000)', wholeNumber('--sample'), 100)
    .option('--json', 'print the result as JSON')
    .action((name: string, options: { sample: number; json?: boolean }) =>
      withCore(options, async (core) => {
        const sync = findSync(core, name);
        const result = await call(core, 'syncs.dryRun', { id: sync.id, sampleSize: options.sample });
        print(options, result, () => {
          const lines = [`${result.counts.read} rows sampled: ${result.counts.send} would be sent, ${result.counts.unchanged} unchanged, ${result.counts.rejected} rejected.`];
          for (const problem of result.problems) lines.push(`! ${problem}`);
          for (const row of result.rows.filter((r) => r.status === 'rejected').slice(0, 20)) lines.push(`  row ${row.index} (${row.key ?? 'no key'}): ${row.reason}`);
          if (result.requests[0]) lines.push('', 'First request body:', result.requests[0].body.slice(0, 4000));
          return lines.join('\n') + '\n';
        });
        return result.problems.length === 0 && result.counts.rejected === 0;
      }),
    );

  program
    .command('runs [name]')
    .description('recent runs, of one sync or of all')
    .option('--limit <n>', 'how many (1 to 500)', wholeNumber('--limit'), 20)
    .option('--json', 'print as JSON')
    .action((name: string | undefined, options: { limit: number; json?: boolean }) =>
      withCore(options, async (core) => {
        const listed = await call(core, 'runs.list', { syncId: name ? findSync(core, name).id : undefined, limit: options.limit });
        const runs = listed.map((run) => withBatches(core, run));
        print(options, runs, () => (runs.length ? runs.map(describeRun).join('') : 'No runs yet.\n'));
      }),
    );
}
