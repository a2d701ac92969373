import { randomUUID } from 'node:crypto';
import { descriptorFor, kindLabel } from '../../../shared/destinations';
import type { MappedRow } from '../../../shared/ipc';
import type { Mapping, Sync, SyncDraft } from '../../../shared/schemas';
import { shaperFor } from '../../engine/destinations';
import { inFieldOrder, mapRow } from '../../engine/mapping/map-row';
import { FloeError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './context';
import { syncOverviews } from './sync-overview';

function checkReferences(ctx: CoreContext, draft: SyncDraft): void {
  if (!ctx.store.connections.get(draft.connectionId)) throw new FloeError('connection_not_found', 'The chosen connection no longer exists.', 'Choose a connection.');
  const destination = ctx.store.destinations.get(draft.destinationId);
  if (!destination) throw new FloeError('destination_not_found', 'The chosen destination no longer exists.', 'Choose a destination.');
  const types = descriptorFor(destination.kind).dataTypes;
  if (!types.some((t) => t.id === draft.dataType)) {
    const names = types.map((t) => `"${t.id}" (${t.label.toLowerCase()})`).join(', ');
    throw new FloeError(
      'invalid_data_type',
      `${kindLabel(destination.kind)} destinations take no data type called "${draft.dataType}".`,
      `Choose one of ${names}.`,
      { fields: { dataType: `Choose one of ${names}.` } },
    );
  }
  const type = types.find((t) => t.id === draft.dataType);
  if (type?.needsPrimaryKey && draft.primaryKey.length === 0) {
    const message = `${kindLabel(destination.kind)} syncs need a primary key. ${type.needsPrimaryKey}`;
    // The editor shows the field's message beside the primary key: the reason, since the field says what to enter.
    throw new FloeError('primary_key_required', message, 'Enter the primary key: the column(s) that identify a row (e.g. CUSTOMER_ID).', { fields: { primaryKey: message } });
  }
}

/**
 * A row as a run maps it: the mapping, then the destination's own checks (Amplitude refuses an
 * event with neither user_id nor device_id), fields in the query's order.
 */
function mapOne(ctx: CoreContext, input: { row: Record<string, unknown>; mapping: Mapping; destinationId: string; dataType: string }): MappedRow {
  const destination = ctx.store.destinations.get(input.destinationId);
  if (!destination) throw new FloeError('destination_not_found', 'The chosen destination no longer exists.', 'Choose a destination.');
  const mapped = mapRow(input.row, input.mapping);
  if (!mapped.ok) return { payload: null, reason: mapped.reason };
  const refused = shaperFor({ kind: destination.kind, dataType: input.dataType, settings: destination.settings })?.check(mapped.payload) ?? null;
  return refused ? { payload: null, reason: refused } : { payload: inFieldOrder(mapped.payload, mapped.fields), reason: null };
}

/** A draft as the sync it would be: a saved sync's id (its state is read, never written), or a new one's. */
function draftSync(draft: SyncDraft, syncId: string | undefined): Sync {
  const now = new Date().toISOString();
  return { ...draft, id: syncId ?? randomUUID(), createdAt: now, updatedAt: now };
}

const notFound = () => new FloeError('sync_not_found', 'That sync no longer exists.', 'Reload the list of syncs.');

export function syncHandlers(
  ctx: CoreContext,
): Pick<
  Handlers,
  | 'syncs.list'
  | 'syncs.get'
  | 'syncs.create'
  | 'syncs.update'
  | 'syncs.delete'
  | 'syncs.preview'
  | 'syncs.dryRun'
  | 'syncs.dryRunDraft'
  | 'syncs.mapRow'
  | 'syncs.run'
  | 'syncs.overview'
  | 'syncs.setEnabled'
> {
  return {
    'syncs.list': () => ctx.store.syncs.list(),
    'syncs.get': ({ id }) => {
      const sync = ctx.store.syncs.get(id);
      if (!sync) throw notFound();
      return sync;
    },
    'syncs.create': (draft) => {
      checkReferences(ctx, draft);
      const sync = ctx.store.syncs.create(draft);
      ctx.log.info('sync.created', { id: sync.id, strategy: sync.strategy });
      void ctx.scheduler.scan('sync saved');
      return sync;
    },
    'syncs.update': ({ id, draft }) => {
      checkReferences(ctx, draft);
      if (ctx.engine.runningAnywhere(id)) throw new FloeError('sync_running', 'This sync is running.', 'Wait for the run to finish (or cancel it), then save your changes.');
      const sync = ctx.store.syncs.update(id, draft);
      if (!sync) throw notFound();
      void ctx.scheduler.scan('sync saved');
      return sync;
    },
    'syncs.delete': ({ id }) => {
      if (ctx.engine.runningAnywhere(id)) throw new FloeError('sync_running', 'This sync is running.', 'Cancel the run first, then delete the sync.');
      return { deleted: ctx.store.syncs.delete(id) };
    },
    'syncs.preview': ({ connectionId, query, syncId }) => {
      const state = syncId ? ctx.store.db.prepare('SELECT last_success_started_at FROM sync_state WHERE sync_id = ?').pluck().get(syncId) : undefined;
      return ctx.engine.preview(connectionId, query, (state as string | undefined) ?? undefined);
    },
    'syncs.dryRun': ({ id, sampleSize }) => ctx.engine.dryRun(id, sampleSize),
    'syncs.dryRunDraft': ({ draft, syncId, sampleSize }) => {
      checkReferences(ctx, draft);
      if (syncId && !ctx.store.syncs.get(syncId)) throw notFound();
      return ctx.engine.dryRunDraft(draftSync(draft, syncId), sampleSize);
    },
    'syncs.mapRow': (input) => mapOne(ctx, input),
    'syncs.run': async ({ id }) => (await ctx.engine.start(id, 'manual')).run,
    'syncs.overview': () => syncOverviews(ctx),
    'syncs.setEnabled': ({ id, enabled }) => {
      const sync = ctx.store.syncs.get(id);
      if (!sync) throw notFound();
      const { id: _id, createdAt: _c, updatedAt: _u, ...draft } = sync;
      const saved = ctx.store.syncs.update(id, { ...draft, enabled })!;
      ctx.log.info(enabled ? 'sync.resumed' : 'sync.paused', { id });
      void ctx.scheduler.scan(enabled ? 'sync resumed' : 'sync paused');
      ctx.events.emit('syncs.changed', { syncId: id });
      return saved;
    },
  };
}
