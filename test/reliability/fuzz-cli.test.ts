import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { assertCliBuilt, floeCli, type FloeResult } from '../helpers/floe-cli';
import { connectionDraft, destinationDraft, syncDraft } from '../helpers/fixtures';
import { MemorySecrets } from '../helpers/memory-secrets';
import { useTempDirs } from '../helpers/temp-dir';
import { changedTables, dbState } from './db-state';
import { HOSTILE_STRINGS, randomWord } from './hostile-values';
import { clearKeychainOf } from './keychain-cleanup';
import { random, replayLine, seedFor, suiteSeed, type Random } from './seed';

/*
 * Fuzz the boundaries, CLI side (issue 15 §2): seeded random argument vectors for every command
 * of the built `floe` (scheduler and serve run until stopped, so they are left out): random and
 * unknown flags, missing and repeated ones, huge values, unicode, numbers where text goes and
 * text where numbers go, hostile files and standard input. Each vector runs on its own copy of
 * a seeded data folder, so what it changed is its own. 0 crashes means every exit is 0 or 1,
 * a failure says so on stderr, and no output holds a stack trace or a raw validation dump. A
 * command that only reads, and any command that fails, leaves floe.db as it was.
 */

const VECTORS = Number(process.env.FLOE_FUZZ_CLI_VECTORS ?? 300);
/** Commands at once: each is a Node process that mostly waits on its start-up. */
const PARALLEL = 6;

type Arg = 'value' | 'flag' | 'optional' | 'repeat' | 'number' | 'file';
interface CommandSpec {
  path: string[];
  /** The positional argument: a sync or connection name, a file, or none. */
  positional?: 'name' | 'existingName' | 'file';
  options: Record<string, Arg>;
  /** Exit 0 may change floe.db (it saved or changed something). */
  mutates?: boolean;
  /** Options it needs: most vectors give them (plausible or hostile), so the command gets past commander. */
  required?: string[];
}

/**
 * Every command. A name that exists is given only where using it reaches no network: a run,
 * dry run or connection test of a seeded name would sign in to Snowflake.
 */
const COMMANDS: CommandSpec[] = [
  {
    path: ['connections', 'add'],
    mutates: true,
    required: ['--name', '--account', '--user', '--password-stdin'],
    options: {
      '--name': 'value', '--account': 'value', '--user': 'value', '--role': 'value', '--warehouse': 'value', '--database': 'value', '--schema': 'value',
      '--key': 'value', '--password-stdin': 'flag', '--access-url': 'value', '--tables': 'value', '--views': 'value', '--json': 'flag',
    },
  },
  { path: ['connections', 'test'], positional: 'name', options: { '--json': 'flag' } },
  { path: ['connections', 'list'], options: { '--json': 'flag' } },
  {
    path: ['destinations', 'add'],
    mutates: true,
    required: ['--name', '--kind', '--setting'],
    options: { '--name': 'value', '--kind': 'value', '--setting': 'repeat', '--secret-stdin': 'optional', '--secret-header-stdin': 'repeat', '--json': 'flag' },
  },
  { path: ['destinations', 'kinds'], options: { '--json': 'flag' } },
  { path: ['destinations', 'list'], options: { '--json': 'flag' } },
  { path: ['keys', 'generate'], mutates: true, required: ['--name'], options: { '--name': 'value', '--passphrase-prompt': 'flag', '--json': 'flag' } },
  { path: ['keys', 'import'], mutates: true, required: ['--name', '--file'], options: { '--name': 'value', '--file': 'file', '--passphrase-prompt': 'flag', '--json': 'flag' } },
  { path: ['keys', 'list'], options: { '--json': 'flag' } },
  {
    path: ['sql', 'grants'],
    required: ['--user', '--role', '--warehouse', '--database', '--schema', '--password', '--all-tables'],
    options: {
      '--user': 'value', '--role': 'value', '--warehouse': 'value', '--database': 'value', '--schema': 'value', '--tables': 'value', '--views': 'value',
      '--all-tables': 'flag', '--key': 'value', '--password': 'flag', '--existing-user': 'flag', '--existing-role': 'flag', '--existing-warehouse': 'flag',
      '--admin-role': 'value', '--json': 'flag',
    },
  },
  { path: ['syncs', 'import'], positional: 'file', mutates: true, options: { '--json': 'flag' } },
  { path: ['syncs', 'export'], positional: 'existingName', options: {} },
  { path: ['syncs', 'list'], options: { '--json': 'flag' } },
  { path: ['syncs', 'pause'], positional: 'existingName', mutates: true, options: { '--json': 'flag' } },
  { path: ['syncs', 'resume'], positional: 'existingName', mutates: true, options: { '--json': 'flag' } },
  { path: ['run'], positional: 'name', options: { '--json': 'flag' } },
  { path: ['dry-run'], positional: 'name', options: { '--sample': 'number', '--json': 'flag' } },
  { path: ['runs'], positional: 'existingName', options: { '--limit': 'number', '--json': 'flag' } },
  { path: [], options: { '--version': 'flag', '-v': 'flag', '--help': 'flag', '-h': 'flag' } },
];

const SEEDED_NAMES = ['Analytics warehouse', 'Webhook', 'Daily events'];
/** Argument vectors cannot carry NUL; everything else hostile can. */
const TEXT = HOSTILE_STRINGS.filter((s) => !s.includes('\u0000'));
const NUMBERS = ['0', '-1', '1', '100', '1000', '1001', '1e3', '1.5', 'NaN', 'Infinity', '0x10', ' 7 ', '999999999999999999999', 'abc', '', '٣'];
const SETTINGS = [
  'url=https://127.0.0.1:9/hook', 'url=http://127.0.0.1:9/hook', 'url=http://evil.example/x', 'url=https://u:p@example.com/', 'url=https://example.com/?api_key=1',
  'format=json', 'format=xml', 'batchSize=abc', 'batchSize=-5', 'batchSize=1e9', 'headers.X-Source=floe', 'headers.Authorization=Bearer x',
  'headers.X-Api-Key=secret', 'secretHeaders=X-Token', '__proto__.polluted=yes', 'constructor.prototype.polluted=yes', 'headers.__proto__=x', '=',
  'noequals', 'directory=/tmp', 'directory=relative', 'region=eu', 'auth=bearer', 'auth=basic', 'apiKey=inline-secret', 'timeoutMs=NaN',
];
/** Values an option takes, for vectors that get past commander to the checks behind it. */
const PLAUSIBLE: Record<string, string[]> = {
  '--name': ['Fuzzed', 'Fuzzed 2', 'Analytics warehouse', 'Webhook', 'ÄÖÜ 名前'],
  '--account': ['myorg-myaccount', 'xy12345.us-east-2.aws', 'https://myorg-myaccount.snowflakecomputing.com'],
  '--user': ['FLOE_SERVICE', 'floe_user'],
  '--role': ['FLOE_ROLE'],
  '--warehouse': ['FLOE_WH'],
  '--database': ['ANALYTICS'],
  '--schema': ['PUBLIC'],
  '--kind': ['http', 'file'],
  '--setting': ['url=https://127.0.0.1:9/hook', 'directory=/nonexistent/floe-fuzz'],
};
const KINDS = ['http', 'file', 'amplitude', 'clevertap', 'cluedin', 'customerio', 'snowflake', 'HTTP', '__proto__', 'constructor', 'toString', ''];

const seed = suiteSeed();
const tempDir = useTempDirs('all');
let seededDb: string;
let files: string[] = [];

/** A value for an option or argument: known words, hostile text, numbers, huge, option-like. */
function value(r: Random): string {
  switch (r.int(9)) {
    case 0:
      return r.pick(SEEDED_NAMES);
    case 1:
    case 2:
      return r.pick(TEXT);
    case 3:
      return r.pick(NUMBERS);
    case 4:
      return 'h'.repeat(50_000 + r.int(50_000));
    case 5:
      return r.pick(['--json', '-h', '--', '-', '--name=x', '-v']);
    default:
      return randomWord(r);
  }
}

/** One random argument vector for one command, with what standard input holds. */
function vector(r: Random): { spec: CommandSpec; args: string[]; stdin: string } {
  const spec: CommandSpec = r.chance(0.05) ? { path: [r.chance(0.5) ? randomWord(r) : r.pick(TEXT)], options: {} } : r.pick(COMMANDS);
  const args = [...spec.path];
  if (spec.positional && r.chance(0.9)) {
    if (spec.positional === 'file') args.push(r.pick(files));
    else if (spec.positional === 'existingName' && r.chance(0.5)) args.push(r.pick(SEEDED_NAMES));
    else args.push(value(r));
  }
  const names = Object.keys(spec.options);
  const given = spec.required && r.chance(0.7) ? spec.required : [];
  for (let i = 0, n = given.length + r.int(names.length + 2); i < n; i++) {
    const name = given[i] ?? (names.length === 0 || r.chance(0.1) ? `--${randomWord(r)}` : r.pick(names));
    const plausible = PLAUSIBLE[name];
    if (given[i] && plausible && r.chance(0.7)) {
      args.push(name, r.pick(plausible));
      continue;
    }
    const kind = spec.options[name] ?? 'value';
    if (kind === 'flag') args.push(name);
    else if (kind === 'optional') args.push(...(r.chance(0.5) ? [name] : [name, r.pick(['token', 'apiKey', 'passcode', 'header:X-Token', ...TEXT])]));
    else if (kind === 'repeat') args.push(name, name === '--setting' ? r.pick(SETTINGS) : value(r));
    else if (kind === 'number') args.push(name, r.pick(NUMBERS));
    else if (kind === 'file') args.push(name, r.pick(files));
    else if (name === '--kind') args.push(name, r.pick(KINDS));
    else args.push(name, value(r));
  }
  if (r.chance(0.05)) args.splice(r.int(args.length + 1), 0, value(r));
  const stdin = r.pick(['', '', 'pw', 'token-value\nsecond-line\n', 's'.repeat(70_000), '\n\n', 'passphrase-1234']);
  return { spec, args, stdin };
}

/** What is wrong with how a command ended, or null. */
function problemWith(result: FloeResult): string | null {
  if (result.status !== 0 && result.status !== 1) return `exit status ${result.status} (a signal or a crash)`;
  const output = `${result.stdout}\n${result.stderr}`;
  const crashSigns: Array<[RegExp, string]> = [
    [/\n\s+at .+[:(]/, 'a stack trace'],
    [/\b(TypeError|RangeError|ReferenceError|SyntaxError|ZodError)\b/, 'a JavaScript error name'],
    [/Cannot read propert|is not a function|is not iterable|Maximum call stack|\[object Object\]/, 'a JavaScript error message'],
    [/"path":\s*\[|"code":\s*"(custom|invalid_type|too_big|too_small|invalid_format|unrecognized_keys|invalid_union|invalid_value)"/, 'a raw validation dump'],
  ];
  for (const [pattern, what] of crashSigns) {
    const match = pattern.exec(output);
    if (match) return `${what} in its output: …${output.slice(Math.max(0, match.index - 200), match.index + 200)}…`;
  }
  if (result.status === 1 && result.stderr.trim() === '') return 'exit status 1 without a word on stderr';
  return null;
}

beforeAll(async () => {
  assertCliBuilt();
  // The seeded data folder every vector starts from: a connection, a destination, a sync with a run.
  const home = tempDir();
  const core = createCore({ home, mode: 'headless', secrets: new MemorySecrets() });
  const connection = core.store.connections.create(connectionDraft({ accessUrl: 'http://127.0.0.1:9' }));
  const destination = core.store.destinations.create(destinationDraft());
  const sync = core.store.syncs.create(syncDraft(connection.id, destination.id, { schedule: { kind: 'manual' } }));
  core.store.runs.finish(core.store.runs.queue(sync.id, 'manual').id, 'failed', { code: 'x', message: 'seeded', remedy: 'none' });
  await core.close();
  seededDb = path.join(home, 'floe.db');

  // Files for `syncs import` and `keys import --file`: missing, a folder, empty, garbage, huge, deep, hostile, valid.
  const dir = tempDir();
  const write = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
  const file = (over: Record<string, unknown>) =>
    JSON.stringify({ name: 'Fuzzed', connection: 'Analytics warehouse', destination: 'Webhook', query: 'SELECT 1', mapping: { rules: [], passThrough: true }, ...over });
  files = [
    path.join(dir, 'missing.json'),
    dir,
    '/dev/null',
    write('empty.json', ''),
    write('garbage.json', '{"name": "x", '),
    write('array.json', '[1, 2, 3]'),
    write('huge.json', JSON.stringify({ name: 'x'.repeat(5_000_000) })),
    write('deep.json', '['.repeat(10_000) + ']'.repeat(10_000)),
    write('proto.json', '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}'),
    write('no-connection.json', file({ connection: 'Nowhere' })),
    write('proto-mapping.json', file({ mapping: { rules: [{ target: '__proto__.polluted', source: 'X', type: 'string', required: false }], passThrough: false } })),
    write('hostile-names.json', file({ name: 'a\nb', query: "'; DROP TABLE syncs; --", primaryKey: ['__proto__'] })),
    write('bad-types.json', file({ rowLimit: 'NaN', enabled: 'yes', schedule: { kind: 'cron', expression: '* * * * * * *' } })),
    write('valid.json', file({})),
    write('key.pem', '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n'),
    write('binary.bin', '\u0000\u0001\u00ff'.repeat(1000)),
    os.homedir() + '/../../etc/shadow',
  ];
});

describe(`fuzz: ${VECTORS} random argument vectors over every CLI command`, () => {
  it('every command ends with status 0 or 1 and a clean message, and nothing changes unless it succeeded at changing something', async () => {
    const r = random(seedFor(seed, 'cli'));
    const vectors = Array.from({ length: VECTORS }, () => vector(r));
    const problems: string[] = [];
    const unexpected: string[] = [];
    const durations: Array<[number, number]> = [];
    const tally = { ok: 0, refused: 0, changed: 0 };
    let next = 0;
    const worker = async () => {
      while (next < vectors.length) {
        const index = next++;
        const { spec, args, stdin } = vectors[index]!;
        const home = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-fuzz-cli-'));
        try {
          fs.copyFileSync(seededDb, path.join(home, 'floe.db'));
          const before = dbState(path.join(home, 'floe.db'));
          const started = Date.now();
          const result = await floeCli(() => home).run(args, stdin);
          durations.push([Date.now() - started, index]);
          const changes = changedTables(before, dbState(path.join(home, 'floe.db')));
          const shown = `#${index} floe ${args.map((a) => JSON.stringify(a.length > 80 ? `${a.slice(0, 40)}…(${a.length} chars)` : a)).join(' ')}`;
          const problem = problemWith(result);
          if (problem) problems.push(`${shown}: ${problem}`);
          if (changes.length && !(spec.mutates && result.status === 0)) unexpected.push(`${shown} (exit ${result.status}) changed floe.db: ${changes.join('; ')}`);
          if (result.status === 0) tally.ok++;
          else tally.refused++;
          if (changes.length) {
            tally.changed++;
            await clearKeychainOf(path.join(home, 'floe.db'));
          }
        } finally {
          fs.rmSync(home, { recursive: true, force: true });
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    console.log(
      `fuzz cli: ${VECTORS} argument vectors over ${COMMANDS.length - 1} commands (${tally.ok} exit 0, ${tally.refused} exit 1, ${tally.changed} saved something), ` +
        `${problems.length} crashes or unclean exits, ${unexpected.length} unexpected changes to floe.db; ${replayLine(seed)}`,
    );
    const slowest = durations.sort((a, b) => b[0] - a[0]).slice(0, 5);
    console.log(`fuzz cli: slowest ${slowest.map(([ms, i]) => `#${i} ${vectors[i]!.args.slice(0, 3).join(' ').slice(0, 60)} ${ms} ms`).join(', ')}`);
    expect({ problems, unexpected }, replayLine(seed)).toEqual({ problems: [], unexpected: [] });
  });
});
