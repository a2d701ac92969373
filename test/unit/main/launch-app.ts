import type { vi as Vi } from 'vitest';
import { resetElectronMock, type createElectronMock } from './electron-mock';

export type ElectronMock = ReturnType<typeof createElectronMock>;

export const flush = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * Loads electron/main/index.ts afresh (it starts the app on import) against a new mock, with
 * its data in `home`. The test file must `vi.mock('electron', …)` with createElectronMock;
 * `before` adjusts the fresh mock before main sees it.
 */
export async function launchApp(
  vi: typeof Vi,
  home: string,
  options: { lock?: boolean; before?: (mock: ElectronMock) => void } = {},
): Promise<ElectronMock> {
  vi.resetModules();
  process.env.FLOE_HOME = home;
  const mock = (await import('electron')) as unknown as ElectronMock;
  resetElectronMock(mock);
  mock.app.requestSingleInstanceLock.mockReturnValue(options.lock ?? true);
  options.before?.(mock);
  await import('../../../electron/main/index');
  await flush();
  return mock;
}
