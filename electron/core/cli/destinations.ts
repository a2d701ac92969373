import type { Command } from 'commander';
import { availableDescriptors, descriptorFor, kindLabel, targetOf } from '../../../shared/destinations';
import { DestinationKind, SecretField } from '../../../shared/schemas';
import { FloeError } from '../errors';
import { print } from './output';
import { readStdin } from './prompt';
import { parsedSettings, settingNames, settingsFromArgs } from './settings-args';
import { call, withCore } from './with-core';

interface AddOptions {
  name: string;
  kind: string;
  setting: string[];
  /** true when given without a field name: the destination's only secret. */
  secretStdin?: string | true;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** The descriptor of a kind typed on the command line, or the refusal that names the kinds Floe sends to. */
function descriptorOf(kind: string) {
  const known = DestinationKind.safeParse(kind);
  if (!known.success) {
    const available = availableDescriptors().map((d) => d.kind).join(', ');
    throw new FloeError('destination_unavailable', `There is no destination kind called "${kind}".`, `Choose one of: ${available}.`);
  }
  return descriptorFor(known.data);
}

/** Which keychain field standard input fills: the one named, or the only one the settings need. */
function secretTarget(needed: SecretField[], option: string | true | undefined, kind: string): SecretField | null {
  if (option === undefined) {
    if (needed.length) {
      throw new FloeError('secret_required', `With these settings the destination needs its ${needed.join(' and ')}.`, `Pipe it in: … | floe destinations add … --secret-stdin ${needed[0]}`);
    }
    return null;
  }
  const field = option === true ? (needed.length === 1 ? needed[0]! : null) : SecretField.safeParse(option).data;
  if (!field || !needed.includes(field)) {
    const hint = needed.length ? `These settings need: ${needed.join(', ')}.` : `${kind} destinations with these settings need no secret; leave out --secret-stdin.`;
    throw new FloeError('invalid_secret_field', option === true ? 'Say which secret standard input holds.' : `This destination takes no secret called "${option}".`, hint);
  }
  return field;
}

export function registerDestinationCommands(program: Command): void {
  const destinations = program.command('destinations').description('where syncs deliver rows');

  destinations
    .command('add')
    .description('add a destination; its settings are checked by the kind’s own schema (see: floe destinations kinds)')
    .requiredOption('--name <name>', 'a name for the destination')
    .requiredOption('--kind <kind>', 'the destination kind, e.g. http or file')
    .option('--setting <key=value>', 'a setting of the kind, e.g. url=https://example.com/hook or headers.X-Source=floe (repeatable)', collect, [])
    .option('--secret-stdin [field]', 'read a secret (token, basicAuth, apiKey…) from standard input into the keychain')
    .option('--json', 'print the destination as JSON')
    .action((options: AddOptions) =>
      withCore(options, async (core) => {
        const descriptor = descriptorOf(options.kind);
        const settings = settingsFromArgs(descriptor, options.setting);
        const field = secretTarget(descriptor.secretFields(parsedSettings(descriptor, settings)), options.secretStdin, descriptor.label);
        const secret = field ? await readStdin() : undefined;
        if (field && !secret) throw new FloeError('secret_required', `Standard input held no ${field}.`, `Pipe it in: … | floe destinations add … --secret-stdin ${field}`);
        const destination = await call(core, 'destinations.create', { name: options.name, kind: descriptor.kind, settings });
        if (field && secret) {
          try {
            await call(core, 'secrets.set', { ref: { kind: 'destination', id: destination.id, field }, value: secret });
          } catch (error) {
            core.store.destinations.delete(destination.id);
            throw error;
          }
        }
        print(options, destination, () => `Added ${descriptor.label} destination "${destination.name}"${field ? ` (its ${field} is in the keychain)` : ''}.\n`);
      }),
    );

  destinations
    .command('kinds')
    .description('the destination kinds this version can send to, with their settings and data types')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) =>
      withCore(options, async () => {
        const kinds = availableDescriptors().map((d) => ({
          kind: d.kind,
          label: d.label,
          summary: d.summary,
          settings: settingNames(d),
          dataTypes: d.dataTypes.map((t) => ({ id: t.id, label: t.label, operations: t.operations })),
        }));
        print(options, kinds, () =>
          kinds
            .map((k) => `${k.kind}\t${k.label}: ${k.summary}\n  settings: ${k.settings.join(', ')}\n  data types: ${k.dataTypes.map((t) => t.id).join(', ')}\n`)
            .join(''),
        );
      }),
    );

  destinations
    .command('list')
    .description('list destinations')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) =>
      withCore(options, async (core) => {
        const all = core.store.destinations.list();
        print(options, all, () => (all.length ? all.map((d) => `${d.name}\t${kindLabel(d.kind)}\t${targetOf(d.kind, d.settings)}`).join('\n') + '\n' : 'No destinations yet.\n'));
      }),
    );
}
