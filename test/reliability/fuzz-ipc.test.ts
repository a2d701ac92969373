import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { startHost, type Host } from '../../electron/core/host/server';
import { CHANNEL_NAMES, contract, type ChannelName } from '../../shared/ipc';
import type { SecretRef } from '../../shared/schemas';
import { MemorySecrets } from '../helpers/memory-secrets';
import { connectionDraft, destinationDraft, syncDraft } from '../helpers/fixtures';
import { useTempDirs } from '../helpers/temp-dir';
import { changedTables, dbState, type DbState } from './db-state';
import { FuzzSocket, type Answer } from './fuzz-socket';
import { DEEP_MARK, hostile, HUGE_STRING, HOSTILE_STRINGS, randomWord, withDeepNesting } from './hostile-values';
import { plant, shaped } from './schema-fuzz';
import { random, replayLine, seedFor, suiteSeed, type Random } from './seed';

/*
 * Fuzz the boundaries, IPC side (issue 15 §2): 10,000 random and malformed payloads per channel
 * of the contract, over one WebSocket of a real headless host (core, SQLite, the OS keychain),
 * batched so a channel takes seconds. Every answer must be a well-formed result, a refusal must
 * say what happened and what to do, nothing may crash, Object.prototype must stay as it was,
 * and the state must not move: floe.db's tables, the keychain's seeded secrets and the data
 * folder's files are compared before and after each channel.
 *
 * Secrets are kept in memory here, behind the same interface as the keychain: a delete clears
 * every secret its id may have (8 keychain calls, known id or not), so 10,000 of them take
 * gnome-keyring about 10 minutes, and thousands at once crash it (the one D-Bus starts in its
 * place is locked: see keychain-session.ts). The secret scan uses the real keychain. In memory,
 * every secret is compared, not only the seeded ones.
 *
 * The state cannot move by construction of the payloads: ids are new random UUIDs except for
 * channels that only read, and a payload that passes a creating channel's schema (a valid
 * connection, destination, key, preferences change, secret for a key, "mark all read", folder
 * by full path, or a draft connection to test over the network) is replaced by another before
 * it is sent. So any change is a finding.
 */

const CASES = Number(process.env.FLOE_FUZZ_CASES ?? 10_000);
/** Frames in flight on the socket at once. */
const WINDOW = 256;
/** A frame must fit the host's 1 MiB limit; a bigger one is its own probe (see below). */
const FRAME_LIMIT = 1024 * 1024 - 1024;

/** Channels that only read: they may be given ids that exist, and reach further with them. */
const READS = new Set<ChannelName>([
  'app.info', 'app.status', 'connections.list', 'connections.parseAccount', 'connections.grantSql', 'keys.list', 'destinations.list',
  'destinations.checkFolder', 'syncs.list', 'syncs.get', 'syncs.mapRow', 'syncs.overview', 'runs.list', 'runs.get', 'runs.rejected',
  'runs.rejectedGroups', 'runs.events', 'runs.batches', 'notifications.list', 'preferences.get', 'secrets.has',
]);

const seed = suiteSeed();
const tempDir = useTempDirs('all');
const secrets = new MemorySecrets();

let core: Core;
let host: Host;
let socket: FuzzSocket;
let home: string;
let knownIds: string[] = [];
let notificationIds: number[] = [];
const crashes: string[] = [];
const onCrash = (error: unknown) => crashes.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
const totals = { cases: 0, ok: 0, refused: 0, replaced: 0, channels: 0, stateChanges: 0 };
/** Refusals by error code over every channel: how far past the schemas the payloads reached. */
const codes = new Map<string, number>();

/** Why this payload must not be sent: it is valid for a channel that would create or change something with it. */
function wouldChangeState(channel: ChannelName, input: unknown): string | null {
  // The host reads a missing or null input as {} (dispatch), so that is what is checked.
  const parsed = contract[channel].input.safeParse(input ?? {});
  if (!parsed.success) return null;
  const value = parsed.data as Record<string, unknown>;
  switch (channel) {
    case 'connections.create':
    case 'destinations.create':
    case 'keys.generate':
    case 'keys.import':
    case 'preferences.set':
      return 'creates or changes';
    case 'connections.testDraft':
      return 'signs in over the network';
    case 'notifications.markRead': {
      const ids = value.ids as number[] | undefined;
      return !ids || ids.some((id) => notificationIds.includes(id)) ? 'marks notifications read' : null;
    }
    case 'secrets.set':
      return (value.ref as SecretRef).kind === 'key' ? 'stores a secret (any key name is taken)' : null;
    case 'destinations.createFolder':
      return path.isAbsolute(String(value.directory).trim()) || /^[A-Za-z]:[\\/]|^\\\\/.test(String(value.directory).trim()) ? 'creates a folder' : null;
    default:
      return null;
  }
}

/** One fuzz case for a channel: case i of its seeded sequence. */
function fuzzCase(channel: ChannelName, r: Random, i: number): unknown {
  const ids = READS.has(channel) ? knownIds : [];
  const schema = contract[channel].input;
  let input: unknown;
  const mode = r.next();
  if (mode < 0.1) input = hostile(r);
  else if (mode < 0.15) input = shaped(schema, { r, breakRate: 0, knownIds: ids });
  else input = shaped(schema, { r, breakRate: 0.1, knownIds: ids });
  // Planted on a schedule, so every channel meets them whatever the seed: 1 MB strings, 10,000 levels.
  if (i % 2000 === 17) input = plant(input, HUGE_STRING, r);
  if (i % 500 === 3) input = plant(input, DEEP_MARK[r.chance(0.5) ? 'array' : 'object'], r);
  return input;
}

/** What is wrong with an answer, or null when it is a valid result or a refusal that says what to do. */
function problemWith(channel: ChannelName, answer: Answer): string | null {
  if ('closed' in answer) return `the host closed the socket (${answer.closed}) instead of answering`;
  const result = answer.result as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown; remedy?: unknown } };
  if (result?.ok === true) return contract[channel].output.safeParse(result.value).success ? null : 'an ok answer that does not match the contract';
  if (result?.ok !== false || !result.error) return `neither ok nor a refusal: ${JSON.stringify(result).slice(0, 200)}`;
  const { code, message, remedy } = result.error;
  for (const [name, text] of Object.entries({ code, message, remedy })) {
    if (typeof text !== 'string' || text.trim() === '') return `a refusal without a ${name}: ${JSON.stringify(result.error).slice(0, 200)}`;
  }
  if (code === 'internal') return `a handler failed inside (${message})`;
  return null;
}

/** Everything the fuzz must not change: floe.db, the secrets, the data folder's files. */
function state(): { db: DbState; secrets: string; files: string[] } {
  const files = fs
    .readdirSync(home, { recursive: true })
    .map(String)
    .filter((f) => !f.startsWith('logs') && !f.startsWith('floe.db'))
    .sort();
  return { db: dbState(core.paths.database), secrets: JSON.stringify([...secrets.values].sort()), files };
}

const prototypeNames = () => [Object.prototype, Array.prototype, Function.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(','));
let prototypesBefore: string[];

beforeAll(async () => {
  home = tempDir();
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Floe</title><div id="root"></div>');
  core = createCore({ home, mode: 'headless', secrets });
  host = await startHost({ core, rendererDir });

  // Something of every kind for the read channels to find and the others to leave alone.
  const { store, handlers } = core;
  const connection = store.connections.create(connectionDraft({ accessUrl: 'http://127.0.0.1:9' }));
  const destination = store.destinations.create(destinationDraft());
  const sync = store.syncs.create(syncDraft(connection.id, destination.id, { schedule: { kind: 'manual' } }));
  const run = store.runs.queue(sync.id, 'manual');
  store.runs.addEvent(run.id, 'note', 'seeded for the fuzz');
  store.runs.finish(run.id, 'partially_succeeded');
  const reject = store.db.prepare('INSERT INTO rejected_rows (run_id, row_key, reason, destination_message, retryable, resolved_by) VALUES (?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < 5; i++) reject.run(run.id, `evt_${i}`, 'rejected by the destination', i % 2 ? 'needs a revenue field' : null, i % 2, null);
  store.runBatches.add(run.id, [{ status: 200, receiptId: 'rcpt-1', records: 5, warnings: [] }]);
  const note = store.notifications.add({ at: new Date().toISOString(), kind: 'rejected', syncId: sync.id, runId: run.id, title: 'Rows rejected', body: '5 rows' });
  const key = await handlers['keys.generate']({ name: 'Fuzz key' });
  await secrets.set({ kind: 'connection', id: connection.id, field: 'password' }, 'seeded-password');
  await secrets.set({ kind: 'destination', id: destination.id, field: 'token' }, 'seeded-token');
  knownIds = [connection.id, destination.id, sync.id, run.id, key.id];
  notificationIds = [note.id];

  socket = await FuzzSocket.connect(host.url);
  prototypesBefore = prototypeNames();
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
});

afterAll(async () => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  socket?.close();
  await host?.close();
  await core?.close();
});

describe(`fuzz: ${CASES} payloads per IPC channel over the host's WebSocket`, () => {
  for (const channel of CHANNEL_NAMES) {
    it(channel, async () => {
      const r = random(seedFor(seed, channel));
      const before = state();
      const problems: string[] = [];
      let ok = 0;
      let replaced = 0;
      let sent = 0;
      const inFlight = new Set<Promise<void>>();
      for (let i = 0; i < CASES; i++) {
        // What the host will read is the frame's text, so the checks look at the text parsed back.
        const make = (tries: number) => {
          const text = JSON.stringify(tries < 20 ? fuzzCase(channel, r, i) : [i]);
          return text === undefined ? { json: undefined, input: undefined } : { json: withDeepNesting(text), input: JSON.parse(withDeepNesting(text)) as unknown };
        };
        let { json, input } = make(0);
        for (let tries = 1; wouldChangeState(channel, input) !== null || Buffer.byteLength(json ?? '') > FRAME_LIMIT; tries++) {
          replaced++;
          ({ json, input } = make(tries));
        }
        sent++;
        const call = socket.invokeJson(channel, json).then((answer) => {
          const problem = problemWith(channel, answer);
          const result = 'result' in answer ? (answer.result as { ok: boolean; error?: { code: string } }) : null;
          if (problem === null && result?.ok) ok++;
          else if (problem === null) codes.set(result!.error!.code, (codes.get(result!.error!.code) ?? 0) + 1);
          else if (problems.length < 5) problems.push(`case ${i} (${json?.slice(0, 300)}): ${problem}`);
          else problems.push('');
        });
        inFlight.add(call);
        void call.then(() => inFlight.delete(call));
        if (inFlight.size >= WINDOW) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
      const after = state();
      const changes = [
        ...changedTables(before.db, after.db),
        ...(before.secrets === after.secrets ? [] : ['the secrets']),
        ...(before.files.join() === after.files.join() ? [] : [`files in the data folder: ${after.files.filter((f) => !before.files.includes(f)).join(', ')}`]),
      ];
      totals.cases += sent;
      totals.ok += ok;
      totals.refused += sent - ok - problems.length;
      totals.replaced += replaced;
      totals.channels += 1;
      totals.stateChanges += changes.length;
      expect(problems.filter(Boolean), `${problems.length} bad answers; ${replayLine(seed)}`).toEqual([]);
      expect(changes, `state changed; ${replayLine(seed)}`).toEqual([]);
      expect(crashes).toEqual([]);
      expect(sent).toBe(CASES);
    });
  }

  it('unknown channels and malformed frames are refused, and the host answers afterwards', async () => {
    const r = random(seedFor(seed, 'frames'));
    // Names that are no channel: prototype members, near misses, a read channel that does not exist.
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'secrets.get', 'SYNCS.LIST', 'syncs.list ', '', ...HOSTILE_STRINGS.filter((s) => s.length <= 100)];
    for (let i = 0; i < 200; i++) names.push(randomWord(r) + '.' + randomWord(r));
    for (const name of names) {
      const answer = await socket.invoke(name, hostile(r));
      expect(answer, name).toMatchObject({ result: { ok: false, error: { code: 'unknown_channel' } } });
      expect(problemWith('app.info', answer)).toBeNull();
    }
    // A frame that is not an invoke request closes that socket (1003); one over 1 MiB (1009) or
    // text that is not UTF-8 (1007) is refused by the WebSocket itself. None may stop the host.
    const frames: Array<[string, string | Buffer, number, boolean?]> = [
      ['not JSON', '{"type":"invoke",', 1003],
      ['a JSON array', '[1,2,3]', 1003],
      ['no id', JSON.stringify({ type: 'invoke', channel: 'app.info', input: {} }), 1003],
      ['a negative id', JSON.stringify({ type: 'invoke', id: -1, channel: 'app.info', input: {} }), 1003],
      ['a fractional id', JSON.stringify({ type: 'invoke', id: 1.5, channel: 'app.info', input: {} }), 1003],
      ['a channel name over 100 characters', JSON.stringify({ type: 'invoke', id: 1, channel: 'x'.repeat(101), input: {} }), 1003],
      ['another type', JSON.stringify({ type: 'result', id: 1, result: {} }), 1003],
      ['binary garbage', Buffer.from([0xff, 0x00, 0xfe, 0x80]), 1003],
      ['2 MB', JSON.stringify({ type: 'invoke', id: 1, channel: 'app.info', input: { x: HUGE_STRING + HUGE_STRING } }), 1009],
      ['text that is not UTF-8', Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]), 1007, true],
    ];
    for (const [what, frame, code, text] of frames) {
      const probe = await FuzzSocket.connect(host.url);
      expect(await probe.raw(frame, -1, text), what).toEqual({ closed: code });
      expect(crashes, `${what}: the host's process would have stopped`).toEqual([]);
    }
    expect(await socket.invoke('app.status', {})).toMatchObject({ result: { ok: true } });
  });

  it('leaves the host up, Object.prototype untouched and the state unchanged', async () => {
    // A fresh socket and a well-formed call: the host is still serving.
    const last = await FuzzSocket.connect(host.url);
    const info = await last.invoke('app.info', {});
    expect(info).toMatchObject({ result: { ok: true, value: { dataDir: home } } });
    last.close();
    expect(prototypeNames()).toEqual(prototypesBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(crashes).toEqual([]);
    console.log(
      `fuzz ipc: ${CASES} cases × ${totals.channels} channels (${totals.cases} payloads: ${totals.ok} answered ok, ${totals.refused} refused; ` +
        `${totals.replaced} valid creating payloads replaced before sending), ${crashes.length} crashes, ${totals.stateChanges} state changes, ` +
        `Object.prototype untouched; ${replayLine(seed)}`,
    );
    console.log(`fuzz ipc refusals by code: ${[...codes].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', ')}`);
  });
});
