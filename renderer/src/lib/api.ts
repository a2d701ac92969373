import { buildApi, type FloeApi } from '../../../shared/ipc/client';
import type { IpcError, Result } from '../../../shared/ipc';
import { createSocketTransport } from './socket-transport';

declare global {
  interface Window {
    floe?: FloeApi;
  }
}

const lostListeners = new Set<() => void>();

/**
 * The only place the renderer reaches core. In the desktop app the preload put `window.floe`
 * there; in the headless host there is no preload, so the same API is built over a WebSocket.
 */
export const floe: FloeApi =
  window.floe ?? buildApi(createSocketTransport(() => lostListeners.forEach((listener) => listener())));

export const runningHeadless = window.floe === undefined;

export function onConnectionLost(listener: () => void): () => void {
  lostListeners.add(listener);
  return () => lostListeners.delete(listener);
}

/** An answer that was not ok, carried as an exception so stores can use try/catch. */
export class ApiError extends Error {
  constructor(readonly error: IpcError) {
    super(error.message);
  }
}

export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}

export function toIpcError(error: unknown): IpcError {
  if (error instanceof ApiError) return error.error;
  return {
    code: 'internal',
    message: error instanceof Error ? error.message : 'Something went wrong.',
    remedy: 'Try again.',
  };
}
