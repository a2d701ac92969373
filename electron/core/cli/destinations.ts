import type { Command } from 'commander';
import { availableDescriptors, descriptorFor, kindLabel, shownDestination, targetOf } from '../../../shared/destinations';
import { DestinationKind, headerSecretField, SecretField, secretHeaderName, secretLabel } from '../../../shared/schemas';
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
  /** Secret headers whose values standard input holds, after the secret above, one a line. */
  secretHeaderStdin: string[];
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

/** Which keychain field `--secret-stdin` fills: the one named, or the only one by name the settings need. */
function secretTarget(needed: SecretField[], option: string | true | undefined, kind: string): SecretField | null {
  const byName = needed.filter((f) => secretHeaderName(f) === null);
  if (option === undefined) {
    if (byName.length) {
      throw new FloeError('secret_required', `With these settings the destination needs its ${byName.join(' and ')}.`, `Pipe it in: … | floe destinations add … --secret-stdin ${byName[0]}`);
    }
    return null;
  }
  const field = option === true ? (byName.length === 1 ? byName[0]! : null) : SecretField.safeParse(option).data;
  if (!field || !needed.includes(field)) {
    const hint = needed.length ? `These settings need: ${needed.join(', ')}.` : `${kind} destinations with these settings need no secret; leave out --secret-stdin.`;
    throw new FloeError('invalid_secret_field', option === true ? 'Say which secret standard input holds.' : `This destination takes no secret called "${option}".`, hint);
  }
  return field;
}

/**
 * The secrets standard input holds, by field: one, or one a line when several are asked for
 * (the --secret-stdin field first, then each secret header in the order given).
 */
async function secretsFromStdin(fields: SecretField[]): Promise<Map<SecretField, string>> {
  if (!fields.length) return new Map();
  const text = await readStdin();
  const values = fields.length === 1 ? [text] : text.split(/\r?\n/);
  const secrets = new Map<SecretField, string>();
  for (const [i, field] of fields.entries()) {
    const value = values[i];
    if (!value) {
      const hint = fields.length === 1 ? `Pipe it in: … | floe destinations add … ${secretHeaderName(field) === null ? `--secret-stdin ${field}` : `--secret-header-stdin ${secretHeaderName(field)}`}` : `Pipe them in, one secret a line in this order: ${fields.map(secretLabel).join(', then ')}.`;
      throw new FloeError('secret_required', `Standard input held no ${secretHeaderName(field) === null ? field : `value for the ${secretLabel(field)}`}.`, hint);
    }
    secrets.set(field, value);
  }
  return secrets;
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
    .option(
      '--secret-header-stdin <name>',
      'an HTTP header whose value is a secret (e.g. X-Api-Key), read from standard input into the keychain; with several secrets, standard input holds one a line, the --secret-stdin one first (repeatable)',
      collect,
      [],
    )
    .option('--json', 'print the destination as JSON')
    .action((options: AddOptions) =>
      withCore(options, async (core) => {
        const descriptor = descriptorOf(options.kind);
        const settings = settingsFromArgs(descriptor, options.setting);
        if (options.secretHeaderStdin.length) {
          const named = Array.isArray(settings.secretHeaders) ? (settings.secretHeaders as unknown[]) : [];
          settings.secretHeaders = [...named, ...options.secretHeaderStdin.filter((h) => !named.includes(h))];
        }
        const needed = descriptor.secretFields(parsedSettings(descriptor, settings));
        const field = secretTarget(needed, options.secretStdin, descriptor.label);
        const headerFields: SecretField[] = options.secretHeaderStdin.map(headerSecretField);
        const missing = needed.filter((f) => f !== field && !headerFields.includes(f));
        if (missing.length) {
          const names = missing.map(secretHeaderName);
          throw new FloeError('secret_required', `With these settings the destination needs the value of its ${missing.map(secretLabel).join(' and ')}.`, `Pipe it in: … | floe destinations add … --secret-header-stdin ${names[0]}`);
        }
        const secrets = await secretsFromStdin([...(field ? [field] : []), ...headerFields]);
        const destination = await call(core, 'destinations.create', { name: options.name, kind: descriptor.kind, settings });
        try {
          for (const [f, value] of secrets) await call(core, 'secrets.set', { ref: { kind: 'destination', id: destination.id, field: f }, value });
        } catch (error) {
          await call(core, 'destinations.delete', { id: destination.id });
          throw error;
        }
        const saved = [...secrets.keys()].map(secretLabel);
        const where = saved.length ? ` (its ${saved.join(' and ')} ${saved.length === 1 ? 'is' : 'are'} in the keychain)` : '';
        print(options, destination, () => `Added ${descriptor.label} destination "${destination.name}"${where}.\n`);
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
        // As the window sees them: a credential an older Floe saved as a setting is masked.
        const all = core.store.destinations.list().map(shownDestination);
        print(options, all, () => (all.length ? all.map((d) => `${d.name}\t${kindLabel(d.kind)}\t${targetOf(d.kind, d.settings)}`).join('\n') + '\n' : 'No destinations yet.\n'));
      }),
    );
}
