import { randomUUID } from 'node:crypto';
import { createCore, type Core } from '../../../electron/core/core';
import type { Clock } from '../../../electron/core/clock';
import { Keychain } from '../../../electron/core/secrets';
import type { Run, Schedule, SyncDraft } from '../../../shared/schemas';
import type { EmulatorHandle } from '../../emulators/snowflake';
import { emulatorConnectionDraft } from '../../helpers/fixtures';

/** A clock the test moves: sleep is a jump forward, a user fixing their clock a jump back. */
export class TestClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  set(iso: string): void {
    this.at = new Date(iso);
  }
}

export async function schedulerCore(home: string, emulator: EmulatorHandle, clock: Clock, destinationUrl: string, options: { networkRetryMs?: number; networkWaitLimitMs?: number } = {}) {
  const core: Core = createCore({
    home,
    mode: 'headless',
    secrets: new Keychain(`FloeTest-${randomUUID()}`),
    clock,
    // Looks happen when the test scans; the timer only backs them up.
    schedulerTickMs: 3_600_000,
    networkRetryMs: options.networkRetryMs ?? 200,
    networkWaitLimitMs: options.networkWaitLimitMs,
  });
  const connection = core.store.connections.create(emulatorConnectionDraft(emulator, emulator.admin.username));
  await core.secrets.set({ kind: 'connection', id: connection.id, field: 'password' }, emulator.admin.password);
  const destination = await core.handlers['destinations.create']({
    name: 'Fake endpoint',
    kind: 'http',
    settings: { url: destinationUrl, batchSize: 500, concurrency: 2, timeoutMs: 10_000 },
  });
  const sync = (schedule: Schedule, draft: Partial<SyncDraft> = {}) =>
    core.handlers['syncs.create']({
      name: `Scheduled ${randomUUID().slice(0, 6)}`,
      connectionId: connection.id,
      destinationId: destination.id,
      query: 'SELECT EVENT_ID, EVENT_NAME, USER_ID FROM APP_EVENTS',
      strategy: 'full',
      dataType: 'records',
      watermarkColumn: null,
      primaryKey: ['EVENT_ID'],
      mapping: { rules: [], passThrough: true },
      schedule,
      rowLimit: 40_000_000,
      enabled: true,
      ...draft,
    });
  const runs = (syncId: string): Run[] => core.store.runs.list({ syncId, limit: 500 }).reverse();
  return { core, connection, destination, sync, runs };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 20_000, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every run of the sync has finished. */
export const settled = (runs: Run[]) => runs.length > 0 && runs.every((r) => r.status !== 'queued' && r.status !== 'running');
