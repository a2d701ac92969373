import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createCore, type Core } from '../../../electron/core/core';
import { Keychain } from '../../../electron/core/secrets';
import { dataTypeOf, presetFor } from '../../../shared/destinations';
import type { DestinationKind, Run, SyncDraft } from '../../../shared/schemas';
import { startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { emulatorConnectionDraft } from '../../helpers/fixtures';
import { useTempDirs } from '../../helpers/temp-dir';

/**
 * A real core on a fresh data folder with the emulator as its connection, for syncs to a SaaS
 * destination's fake: `destination()` saves one with its key in the (test) keychain, `sync()`
 * saves a sync whose mapping is the data type's preset for the query's columns, as the app does.
 */
export function useSaasEnv(rows: number) {
  const tempDir = useTempDirs('all');
  const ctx = {} as { emulator: EmulatorHandle; core: Core; connectionId: string };
  beforeAll(async () => {
    ctx.emulator = await startEmulator({ rows });
    ctx.core = createCore({ home: tempDir(), mode: 'headless', secrets: new Keychain(`FloeTest-${randomUUID()}`) });
    const connection = ctx.core.store.connections.create(emulatorConnectionDraft(ctx.emulator, ctx.emulator.admin.username));
    await ctx.core.secrets.set({ kind: 'connection', id: connection.id, field: 'password' }, ctx.emulator.admin.password);
    ctx.connectionId = connection.id;
  });
  afterAll(async () => {
    await ctx.core?.close();
    await ctx.emulator?.close();
  });

  const destination = async (kind: DestinationKind, settings: Record<string, unknown>, apiKey: string | null) => {
    const saved = await ctx.core.handlers['destinations.create']({ name: `${kind} ${randomUUID().slice(0, 6)}`, kind, settings });
    if (apiKey) await ctx.core.secrets.set({ kind: 'destination', id: saved.id, field: 'apiKey' }, apiKey);
    return saved;
  };

  const sync = async (destinationId: string, kind: DestinationKind, dataType: string, query: string, columns: string[], draft: Partial<SyncDraft> = {}) =>
    ctx.core.handlers['syncs.create']({
      name: `Sync ${randomUUID().slice(0, 6)}`,
      connectionId: ctx.connectionId,
      destinationId,
      query,
      strategy: 'full',
      dataType,
      watermarkColumn: null,
      primaryKey: [columns[0]!],
      mapping: presetFor(dataTypeOf(kind, dataType)!, columns),
      schedule: { kind: 'manual' },
      rowLimit: 40_000_000,
      enabled: true,
      ...draft,
    });

  const run = async (syncId: string): Promise<Run> => (await ctx.core.engine.start(syncId, 'manual')).finished;
  return { ctx, destination, sync, run };
}

/** Every row is accounted for exactly once. */
export function accountedFor(run: Run): boolean {
  const c = run.counters;
  return c.read === c.sent + c.rejected + c.unchanged + c.skipped;
}
