import type { ConnectionDraft, DestinationDraft, SyncDraft } from '../../shared/schemas';

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
  watermarkColumn: null,
  primaryKey: ['EVENT_ID'],
  mapping: { rules: [{ target: 'event_type', source: 'EVENT_NAME', type: 'string', required: true }], passThrough: false },
  schedule: { kind: 'interval', minutes: 60 },
  rowLimit: 40_000_000,
  enabled: true,
  ...over,
});
