import { z } from 'zod';

/** Every error that reaches a person says what happened and what to do about it. */
export const IpcError = z.object({
  code: z.string(),
  message: z.string(),
  remedy: z.string(),
  /** For invalid input: what is wrong with each field, by its path (`primaryKey`, `settings.url`). */
  fields: z.record(z.string(), z.string()).optional(),
});
export type IpcError = z.infer<typeof IpcError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: IpcError): Result<never> => ({ ok: false, error });
