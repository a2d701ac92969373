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
    options?: { cause?: unknown; fields?: Record<string, string> },
  ) {
    super(message, options);
    this.name = 'FloeError';
    this.fields = options?.fields;
  }

  readonly fields: Record<string, string> | undefined;

  toIpc(): IpcError {
    return { code: this.code, message: this.message, remedy: this.remedy, ...(this.fields ? { fields: this.fields } : {}) };
  }
}

export function isFloeError(error: unknown): error is FloeError {
  return error instanceof FloeError;
}
