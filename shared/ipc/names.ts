/**
 * Channel and event names as plain data, so the preload and the renderer can build
 * `window.floe` without bundling the schemas. contract.ts and events.ts must declare exactly
 * these (enforced by `satisfies` there).
 */
export const CHANNEL_NAMES = [
  'app.info',
  'app.status',
  'app.openDataFolder',
  'connections.list',
  'connections.create',
  'connections.update',
  'connections.delete',
  'connections.parseAccount',
  'connections.grantSql',
  'connections.test',
  'connections.testDraft',
  'connections.startRotation',
  'keys.list',
  'keys.generate',
  'keys.import',
  'keys.delete',
  'destinations.list',
  'destinations.create',
  'destinations.delete',
  'destinations.update',
  'destinations.sendTest',
  'destinations.checkFolder',
  'destinations.createFolder',
  'syncs.list',
  'syncs.get',
  'syncs.create',
  'syncs.update',
  'syncs.delete',
  'syncs.preview',
  'syncs.dryRun',
  'syncs.dryRunDraft',
  'syncs.mapRow',
  'syncs.run',
  'syncs.overview',
  'syncs.setEnabled',
  'runs.list',
  'runs.get',
  'runs.cancel',
  'runs.rejected',
  'runs.rejectedGroups',
  'runs.retryRejected',
  'runs.events',
  'runs.batches',
  'notifications.list',
  'notifications.markRead',
  'preferences.get',
  'preferences.set',
  'secrets.set',
  'secrets.has',
  'secrets.clear',
] as const;

export const EVENT_NAMES = ['app.status', 'runs.changed', 'runs.progress', 'syncs.changed', 'notifications.new', 'preferences.changed', 'app.navigate'] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

/** The one Electron IPC channel push events travel on, as (name, payload). */
export const EVENT_CHANNEL = 'floe:event';

/** Where the headless host accepts the WebSocket that carries the contract. */
export const WS_PATH = '/ipc';
