import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as CoreModule from '../../../electron/core/core';
import type { Core } from '../../../electron/core/core';
import type { AppStatus } from '../../../shared/schemas';
import { useTempDirs } from '../../helpers/temp-dir';
import { flush, launchApp, type ElectronMock } from './launch-app';

vi.mock('electron', async () => {
  const { createElectronMock } = await import('./electron-mock');
  return createElectronMock();
});

// main creates its core on start; the test keeps a handle on it to drive events and spy on it.
const captured = vi.hoisted(() => ({ core: undefined as Core | undefined }));
vi.mock('../../../electron/core/core', async (importOriginal) => {
  const real = await importOriginal<typeof CoreModule>();
  return { ...real, createCore: (options: Parameters<typeof real.createCore>[0]) => (captured.core = real.createCore(options)) };
});

const tempDir = useTempDirs();
let launched: ElectronMock | undefined;

async function launch(before?: (mock: ElectronMock) => void): Promise<{ mock: ElectronMock; core: Core }> {
  captured.core = undefined;
  launched = await launchApp(vi, tempDir(), { before });
  return { mock: launched, core: captured.core! };
}

const status = (runningSyncs: number): AppStatus => ({ runningSyncs, line: runningSyncs ? `${runningSyncs} syncs running` : 'Floe is idle' });

describe('Floe in the background (desktop)', () => {
  const savedHome = process.env.FLOE_HOME;
  beforeEach(() => vi.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(async () => {
    launched?.app.emit('before-quit', { preventDefault: () => undefined });
    launched = undefined;
    await flush();
    process.env.FLOE_HOME = savedHome;
    vi.restoreAllMocks();
  });

  it('looks for due runs when the machine wakes and when the screen is unlocked, and logs sleep', async () => {
    const { mock, core } = await launch();
    const scan = vi.spyOn(core.scheduler, 'scan');
    mock.powerMonitor.emit('suspend');
    mock.powerMonitor.emit('resume');
    mock.powerMonitor.emit('unlock-screen');
    expect(scan.mock.calls).toEqual([['resume'], ['unlock-screen']]);
    await flush();
    const log = fs.readFileSync(core.paths.logFile, 'utf8');
    expect(log).toContain('"event":"power.suspend"');
    expect(log).toContain('"event":"scheduler.scanned","reason":"resume"');
    expect(log).toContain('"event":"scheduler.scanned","reason":"unlock-screen"');
  });

  it('holds off system sleep exactly while at least one run is active, with one blocker at most', async () => {
    const { mock, core } = await launch();
    const blocker = mock.powerSaveBlocker;
    expect(blocker.start).not.toHaveBeenCalled();

    core.events.emit('app.status', status(1));
    expect(blocker.start).toHaveBeenCalledTimes(1);
    expect(blocker.start).toHaveBeenCalledWith('prevent-app-suspension');
    core.events.emit('app.status', status(2));
    expect(blocker.start).toHaveBeenCalledTimes(1);
    expect(blocker.active.size).toBe(1);

    core.events.emit('app.status', status(0));
    expect(blocker.stop).toHaveBeenCalledTimes(1);
    expect(blocker.active.size).toBe(0);
    core.events.emit('app.status', status(0));
    expect(blocker.stop).toHaveBeenCalledTimes(1);

    // A run starting again takes a new blocker; quitting mid-run lets it go.
    core.events.emit('app.status', status(1));
    expect(blocker.active.size).toBe(1);
    mock.app.emit('before-quit', { preventDefault: () => undefined });
    launched = undefined;
    await flush();
    expect(blocker.active.size).toBe(0);
  });
});
