import type { IpcError } from '../../../shared/ipc';

/**
 * Core's validation messages name the path they are about ("url: Enter the full URL…", or
 * "The request for syncs.create was not valid: primaryKey: …; name: …"). This splits them per
 * path so each can sit beside its field; whatever names no known field stays a general error.
 */
export function fieldErrors(error: IpcError, known: readonly string[]): { fields: Record<string, string>; rest: IpcError | null } {
  const text = error.message.replace(/^The request for [\w.]+ was not valid: /, '').replace(/\.$/, '');
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const part of text.split('; ')) {
    const match = /^([\w.]+): (.+)$/.exec(part);
    const path = match?.[1];
    const key = path ? known.find((k) => path === k || path.startsWith(`${k}.`)) : undefined;
    if (match && key) fields[key] ??= match[2]!;
    else unplaced.push(part);
  }
  if (Object.keys(fields).length === 0) return { fields, rest: error };
  return { fields, rest: unplaced.length ? { ...error, message: unplaced.join('; ') } : null };
}
