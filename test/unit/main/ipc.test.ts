import { describe, expect, it, vi } from 'vitest';
import { createElectronMock } from './electron-mock';
import { CHANNEL_NAMES } from '../../../shared/ipc/names';
import { createHandlers, type CoreContext } from '../../../electron/core/handlers';
import { EventBus } from '../../../electron/core/event-bus';
import type { Logger } from '../../../electron/core/log';

vi.mock('electron', () => ({}));
const { registerIpc, isTrustedSender, forwardEvents } = await import('../../../electron/main/ipc');

const log: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const entry = { kind: 'file' as const, file: '/app/out/renderer/index.html' };
const appFrame = { url: 'file:///app/out/renderer/index.html', parent: null };

describe('registerIpc', () => {
  const setup = () => {
    const { ipcMain } = createElectronMock();
    const ctx = {
      store: { connections: { list: () => [] } },
      status: () => ({ runningSyncs: 0, line: 'Floe is idle' }),
    } as unknown as CoreContext;
    const unregister = registerIpc(ipcMain as never, createHandlers(ctx), entry, log);
    return { ipcMain, unregister };
  };

  it('registers exactly one handler per contract channel, and removes them all', () => {
    const { ipcMain, unregister } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers Floe’s own page through the checked dispatch', async () => {
    const { ipcMain } = setup();
    const answer = await ipcMain.handlers.get('app.status')!({ senderFrame: appFrame }, {});
    expect(answer).toEqual({ ok: true, value: { runningSyncs: 0, line: 'Floe is idle' } });
    const bad = await ipcMain.handlers.get('runs.list')!({ senderFrame: appFrame }, { limit: -1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it.each([
    ['a foreign page', { url: 'https://evil.example/', parent: null }],
    ['a subframe of Floe', { url: 'file:///app/out/renderer/index.html', parent: {} }],
    ['no frame', null],
  ])('refuses %s', async (_label, frame) => {
    const { ipcMain } = setup();
    const answer = await ipcMain.handlers.get('connections.list')!({ senderFrame: frame }, {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
  });

  it('trusts the dev server origin only when running from it', () => {
    const dev = { kind: 'url' as const, url: 'http://localhost:5173/' };
    expect(isTrustedSender({ url: 'http://localhost:5173/#/runs', parent: null } as never, dev)).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5174/', parent: null } as never, dev)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', parent: null } as never, entry)).toBe(false);
  });
});

describe('forwardEvents', () => {
  it('sends checked push events to the window until detached', () => {
    const bus = new EventBus();
    const sent: unknown[][] = [];
    const contents = { isDestroyed: () => false, send: (...args: unknown[]) => sent.push(args) };
    const detach = forwardEvents(bus, contents as never);
    bus.emit('app.status', { runningSyncs: 1, line: '1 sync running' });
    detach();
    bus.emit('app.status', { runningSyncs: 0, line: 'Floe is idle' });
    expect(sent).toEqual([['floe:event', 'app.status', { runningSyncs: 1, line: '1 sync running' }]]);
    expect(() => bus.emit('app.status', { runningSyncs: -1, line: '' } as never)).toThrow();
  });
});
