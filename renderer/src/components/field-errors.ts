import type { IpcError } from '../../../shared/ipc';

/**
 * Places each validation problem beside its field. Core names the field of each problem by path
 * (`error.fields`: `primaryKey`, `url`, `mapping.rules.0.target`…); a path under a known field
 * goes to that field, and anything else stays a general error.
 */
export function fieldErrors(error: IpcError, known: readonly string[]): { fields: Record<string, string>; rest: IpcError | null } {
  const fields: Record<string, string> = {};
  if (!error.fields) return { fields, rest: error };
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(error.fields)) {
    const key = known.find((k) => path === k || path.startsWith(`${k}.`));
    if (key) fields[key] ??= message;
    else unplaced.push(path ? `${path}: ${message}` : message);
  }
  if (Object.keys(fields).length === 0) return { fields, rest: error };
  return { fields, rest: unplaced.length ? { ...error, message: unplaced.join('; '), fields: undefined } : null };
}
