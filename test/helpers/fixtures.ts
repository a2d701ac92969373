import type { Connection, ConnectionDraft, DestinationDraft, SyncDraft } from '../../shared/schemas';

export const connectionDraft = (over: Partial<ConnectionDraft> = {}): ConnectionDraft => ({
  name: 'Analytics warehouse',
  account: 'myorg-myaccount',
  username: 'FLOE_SERVICE',
  role: 'FLOE_ROLE',
  warehouse: 'FLOE_WH',
  database: 'ANALYTICS',
  schema: 'PUBLIC',
  authKind: 'password',
  keyId: null,
  objects: { kind: 'all' },
  accessUrl: null,
  ...over,
});

/** Where an emulator answers: the handle's fields, or what `npm run emulator` prints. */
export interface EmulatorAddress {
  account: string;
  accessUrl: string;
  warehouse: string;
  database: string;
  schema: string;
}

/** A password connection to an emulator as its admin user (the password goes to the keychain separately). */
export const emulatorConnectionDraft = (e: EmulatorAddress, username: string, over: Partial<ConnectionDraft> = {}): ConnectionDraft =>
  connectionDraft({
    name: 'Emulator',
    account: e.account.toLowerCase(),
    username,
    role: null,
    warehouse: e.warehouse,
    database: e.database,
    schema: e.schema,
    accessUrl: e.accessUrl,
    ...over,
  });

export const destinationDraft = (over: Partial<DestinationDraft> = {}): DestinationDraft => ({
  name: 'Webhook',
  kind: 'http',
  settings: { url: 'http://127.0.0.1:9/hook', format: 'json' },
  ...over,
});

export const syncDraft = (connectionId: string, destinationId: string, over: Partial<SyncDraft> = {}): SyncDraft => ({
  name: 'Daily events',
  connectionId,
  destinationId,
  query: 'SELECT * FROM EVENTS',
  strategy: 'full',
  dataType: 'records',
  watermarkColumn: null,
  primaryKey: ['EVENT_ID'],
  mapping: { rules: [{ target: 'event_type', source: 'EVENT_NAME', type: 'string', required: true }], passThrough: false },
  schedule: { kind: 'interval', minutes: 60, catchUp: 'once' },
  rowLimit: 40_000_000,
  enabled: true,
  ...over,
});

/** A stored connection as core returns it, for code that only reads one. */
export const connectionRecord = (over: Partial<Connection> = {}): Connection => ({
  id: '3f0c6a4e-8a8b-4d8e-9a55-2a6b0d1c9e11',
  ...connectionDraft(),
  keyFingerprint: null,
  keySlot: 1,
  pendingKeyId: null,
  status: 'untested',
  lastTestedAt: null,
  lastError: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
