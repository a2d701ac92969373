import type { IpcError } from '../../shared/ipc';

/**
 * An error a person can act on. Core throws these; the IPC layer turns them into
 * `{ ok: false, error }` answers as they are, while any other error becomes an "internal" one.
 */
export class FloeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly remedy: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FloeError';
  }

  toIpc(): IpcError {
    return { code: this.code, message: this.message, remedy: this.remedy };
  }
}

export function isFloeError(error: unknown): error is FloeError {
  return error instanceof FloeError;
}
