import { z } from 'zod';
import {
  AccountParseResult,
  AppInfo,
  AppStatus,
  Connection,
  ConnectionDraft,
  ConnectionTestResult,
  DisplayName,
  DryRunResult,
  Destination,
  DestinationDraft,
  GrantRequest,
  Id,
  KeyInfo,
  Mapping,
  Notification,
  Preferences,
  PreferencesChange,
  QueryPreview,
  RejectedGroups,
  RejectedGroupsQuery,
  RejectedQuery,
  RejectedRow,
  Run,
  RunBatches,
  RunEvent,
  RunQuery,
  SecretRef,
  SecretValue,
  Sync,
  SyncDraft,
  SyncOverview,
} from '../schemas';
import { CHANNEL_NAMES, type ChannelName } from './names';

/**
 * The one declaration of every channel between the UI and core. Main (or the headless host)
 * parses each input against `input` and each answer against `output`; the preload and the
 * renderer's client are generated from the channel names. Adding a channel is one entry here
 * plus one handler in electron/core/handlers.
 */
const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

const NoInput = z.object({}).strict();
const ById = z.object({ id: Id }).strict();

/**
 * One real call a saved destination made with its settings and keychain secret ("Send test
 * event"): whether it was accepted, the HTTP status (null when no answer came), what happened in
 * words, the request as sent with its secrets masked, and the start of the response body.
 */
export const DestinationTestResult = z.object({
  ok: z.boolean(),
  status: z.number().int().nullable(),
  message: z.string(),
  request: DryRunResult.shape.requests.element,
  response: z.string(),
});
export type DestinationTestResult = z.infer<typeof DestinationTestResult>;

/**
 * One row as a sync's mapping makes it (the editor's live payload of the first preview row): the
 * payload, or why a run would reject the row.
 */
export const MappedRow = z.object({ payload: z.record(z.string(), z.unknown()).nullable(), reason: z.string().nullable() });
export type MappedRow = z.infer<typeof MappedRow>;

const FolderPath = z.string().trim().min(1).max(4096);

/** What a file destination's folder is: usable, or why not with what to do. */
export const FolderCheck = z.object({
  directory: z.string(),
  state: z.enum(['ready', 'relative', 'missing', 'not-a-folder', 'not-writable']),
  problem: z.object({ message: z.string(), remedy: z.string() }).nullable(),
});
export type FolderCheck = z.infer<typeof FolderCheck>;

export const contract = {
  'app.info': channel(NoInput, AppInfo),
  'app.status': channel(NoInput, AppStatus),
  /** Opens the data folder in the file manager: the desktop app only (a browser page cannot; it shows the path to copy). */
  'app.openDataFolder': channel(NoInput, z.object({ opened: z.literal(true) })),

  'connections.list': channel(NoInput, z.array(Connection)),
  'connections.create': channel(ConnectionDraft.strict(), Connection),
  'connections.update': channel(z.object({ id: Id, draft: ConnectionDraft }).strict(), Connection),
  'connections.delete': channel(ById, z.object({ deleted: z.boolean() })),
  'connections.parseAccount': channel(z.object({ input: z.string().max(2000) }).strict(), AccountParseResult),
  'connections.grantSql': channel(GrantRequest, z.object({ sql: z.string() })),
  'connections.test': channel(ById, ConnectionTestResult),
  /**
   * Tests a connection not saved yet (the setup wizard's): nothing is stored, the password is
   * used for this test only, and a draft key pair is signed with from memory.
   */
  'connections.testDraft': channel(z.object({ draft: ConnectionDraft, password: SecretValue.optional() }).strict(), ConnectionTestResult),
  'connections.startRotation': channel(z.object({ id: Id, keyId: Id }).strict(), z.object({ sql: z.string() })),

  // Key pairs: the private half goes in (generated or imported) and never comes back out. A
  // draft key is held in core's memory until a connection using it is saved (keys.delete drops it).
  'keys.list': channel(NoInput, z.array(KeyInfo)),
  'keys.generate': channel(z.object({ name: DisplayName, passphrase: z.string().min(8).max(1024).optional(), draft: z.boolean().optional() }).strict(), KeyInfo),
  'keys.import': channel(
    z.object({ name: DisplayName, pem: z.string().max(256 * 1024), passphrase: z.string().max(1024).optional(), draft: z.boolean().optional() }).strict(),
    KeyInfo,
  ),
  'keys.delete': channel(ById, z.object({ deleted: z.boolean() })),

  'destinations.list': channel(NoInput, z.array(Destination)),
  'destinations.create': channel(DestinationDraft.strict(), Destination),
  'destinations.delete': channel(ById, z.object({ deleted: z.boolean() })),

  'destinations.update': channel(z.object({ id: Id, draft: DestinationDraft }).strict(), Destination),
  // Sends one test event with the saved settings and key (kinds whose engine module can).
  'destinations.sendTest': channel(ById, DestinationTestResult),
  /** A file destination's folder as it is on this computer (changes nothing), for the form to offer to create a missing one. */
  'destinations.checkFolder': channel(z.object({ directory: FolderPath }).strict(), FolderCheck),
  /** Creates the folder the user asked for by name (with missing parents); the only way Floe makes one. */
  'destinations.createFolder': channel(z.object({ directory: FolderPath }).strict(), z.object({ directory: z.string(), created: z.boolean() })),

  'syncs.list': channel(NoInput, z.array(Sync)),
  'syncs.get': channel(ById, Sync),
  'syncs.create': channel(SyncDraft, Sync),
  'syncs.update': channel(z.object({ id: Id, draft: SyncDraft }).strict(), Sync),
  'syncs.delete': channel(ById, z.object({ deleted: z.boolean() })),
  // Reads rows in a worker; the answer carries at most 100 of them for the editor.
  'syncs.preview': channel(z.object({ connectionId: Id, query: z.string().min(1).max(100_000), syncId: Id.optional() }).strict(), QueryPreview),
  'syncs.dryRun': channel(z.object({ id: Id, sampleSize: z.number().int().min(1).max(1000).default(100) }).strict(), DryRunResult),
  /**
   * The dry run of the editor's unsaved draft, checked like syncs.create; nothing is saved. With
   * syncId (editing a saved sync) it reads that sync's state, as its run would.
   */
  'syncs.dryRunDraft': channel(
    z.object({ draft: SyncDraft, syncId: Id.optional(), sampleSize: z.number().int().min(1).max(1000).default(100) }).strict(),
    DryRunResult,
  ),
  /** A preview row mapped as a run maps it, with the destination's own checks. */
  'syncs.mapRow': channel(
    z.object({ row: z.record(z.string().max(1000), z.unknown()), mapping: Mapping, destinationId: Id, dataType: z.string().min(1).max(100) }).strict(),
    MappedRow,
  ),
  'syncs.run': channel(ById, Run),
  /** The sync list: status, schedule in words, next run, last run, health. */
  'syncs.overview': channel(NoInput, z.array(SyncOverview)),
  /** Pause (false) or resume (true) a sync's schedule; resuming does not catch up the paused time. */
  'syncs.setEnabled': channel(z.object({ id: Id, enabled: z.boolean() }).strict(), Sync),

  'runs.list': channel(RunQuery, z.array(Run)),
  'runs.events': channel(ById, z.array(RunEvent)),
  /** What the destination answered for each request of the run (CluedIn's receipt ids), with counts by status. */
  'runs.batches': channel(z.object({ runId: Id, limit: z.number().int().min(1).max(10_000).default(2000) }).strict(), RunBatches),
  'runs.get': channel(ById, Run),
  'runs.cancel': channel(ById, z.object({ cancelled: z.boolean() })),
  'runs.rejected': channel(RejectedQuery, z.array(RejectedRow)),
  /** A run's rejected rows grouped by reason: counts (open, retryable) and the first rows of each. */
  'runs.rejectedGroups': channel(RejectedGroupsQuery, RejectedGroups),
  'runs.retryRejected': channel(z.object({ runId: Id }).strict(), Run),

  // Secrets can be written, tested for and cleared; there is deliberately no way to read one.
  'notifications.list': channel(z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(), z.array(Notification)),
  /** Marks the given notifications read, or all when no ids are given. */
  'notifications.markRead': channel(z.object({ ids: z.array(z.number().int()).max(500).optional() }).strict(), z.object({ updated: z.number().int() })),

  'preferences.get': channel(NoInput, Preferences),
  'preferences.set': channel(PreferencesChange, Preferences),

  'secrets.set': channel(z.object({ ref: SecretRef, value: SecretValue }).strict(), z.object({ stored: z.literal(true) })),
  'secrets.has': channel(z.object({ ref: SecretRef }).strict(), z.object({ present: z.boolean() })),
  'secrets.clear': channel(z.object({ ref: SecretRef }).strict(), z.object({ cleared: z.boolean() })),
} as const satisfies Record<ChannelName, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type { ChannelName } from './names';
export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type OutputOf<C extends ChannelName> = z.output<Contract[C]['output']>;

export const channelNames: readonly ChannelName[] = CHANNEL_NAMES;
