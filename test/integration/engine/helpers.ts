import { randomUUID } from 'node:crypto';
import { createCore, type Core } from '../../../electron/core/core';
import { Keychain } from '../../../electron/core/secrets';
import type { Run, SyncDraft } from '../../../shared/schemas';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../emulators/snowflake';
import { startHttpFake, type HttpFakeHandle, type StartHttpFakeOptions } from '../../emulators/destinations/http';
import { useTempDirs } from '../../helpers/temp-dir';
import { emulatorConnectionDraft } from '../../helpers/fixtures';

/** A real core on a fresh data folder, with the emulator as its connection and the fake as its destination. */
export async function engineCore(home: string, emulator: EmulatorHandle, fake: HttpFakeHandle, settings: Record<string, unknown> = {}) {
  const core: Core = createCore({ home, mode: 'headless', secrets: new Keychain(`FloeTest-${randomUUID()}`) });
  const connection = core.store.connections.create(emulatorConnectionDraft(emulator, emulator.admin.username));
  await core.secrets.set({ kind: 'connection', id: connection.id, field: 'password' }, emulator.admin.password);
  const destination = await core.handlers['destinations.create']({
    name: 'Fake endpoint',
    kind: 'http',
    settings: { url: fake.url, batchSize: 200, concurrency: 4, timeoutMs: 5_000, ...settings },
  });
  const sync = (draft: Partial<SyncDraft>) =>
    core.handlers['syncs.create']({
      name: `Sync ${randomUUID().slice(0, 6)}`,
      connectionId: connection.id,
      destinationId: destination.id,
      query: 'SELECT EVENT_ID, EVENT_NAME, USER_ID, EVENT_TIMESTAMP, PROPERTIES, UPDATED_AT FROM APP_EVENTS',
      strategy: 'full',
      dataType: 'records',
      watermarkColumn: null,
      primaryKey: ['EVENT_ID'],
      mapping: { rules: [], passThrough: true },
      schedule: { kind: 'manual' },
      rowLimit: 40_000_000,
      enabled: true,
      ...draft,
    });
  const run = async (syncId: string): Promise<Run> => (await core.engine.start(syncId, 'manual')).finished;
  return { core, connection, destination, sync, run };
}

/** Every row is accounted for exactly once. */
export function invariant(run: Run): boolean {
  const c = run.counters;
  return c.read === c.sent + c.rejected + c.unchanged + c.skipped;
}

/**
 * One emulator, one HTTP fake and one core for a test file, started before its tests and
 * stopped after them; the fake is cleared before each test.
 */
export function useEngineEnv(rows: number, destinationSettings: Record<string, unknown> = {}, fakeOptions: StartHttpFakeOptions = {}) {
  const tempDir = useTempDirs('all');
  const ctx = { tempDir } as {
    tempDir: () => string;
    emulator: EmulatorHandle;
    fake: HttpFakeHandle;
    env: Awaited<ReturnType<typeof engineCore>>;
  };
  beforeAll(async () => {
    ctx.emulator = await startEmulator({ rows });
    ctx.fake = await startHttpFake(fakeOptions);
    ctx.env = await engineCore(tempDir(), ctx.emulator, ctx.fake, destinationSettings);
  });
  afterAll(async () => {
    await ctx.env?.core.close();
    await ctx.fake?.close();
    await ctx.emulator?.close();
  });
  beforeEach(() => ctx.fake?.reset());
  return ctx;
}
