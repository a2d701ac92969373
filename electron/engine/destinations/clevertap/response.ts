import { retryAfterMs } from '../http/response';
import { jsonOf, snippet } from '../post';
import { DeliveryError } from '../types';

/** One record CleverTap did not process: its CleverTap code and message. */
export interface Refusal {
  code: number | null;
  error: string;
}

export type Verdict =
  /**
   * A 200: `refused` holds the records in `unprocessed`, by index in the request; the others were
   * processed. `unplaced` are refusals that name no record Floe can find (never seen answered).
   */
  | { kind: 'answered'; refused: Map<number, Refusal>; unplaced: Refusal[] }
  | { kind: 'too-large' }
  | { kind: 'failed'; error: DeliveryError };

/** Where the request went, for the advice after a 401. */
export interface AnswerContext {
  accountId: string;
  /** "region eu1" or "the endpoint override http://…". */
  where: string;
}

/**
 * A failure after which CleverTap may have stored the request's records (its answer was lost, or
 * a 500/502/504 may come after processing). CleverTap has no idempotency key: sending them again,
 * as delivery does, may store them twice. The message says so; the run's timeline keeps it.
 */
export class MaybeStored extends DeliveryError {
  constructor(cause: DeliveryError, readonly records: number) {
    super(`${cause.message}. CleverTap may have stored ${records === 1 ? 'this record' : `these ${records} records`} already and has no idempotency key: sending them again may store them twice (each event carries its row key as evtData.floe_id, to find copies)`, cause.retryable, cause.status, cause.retryAfterMs, cause.stop);
    this.name = 'MaybeStored';
  }
}

/** "… Skipped record number : 2" (1-based), as CleverTap words every unprocessed record. */
const RECORD_NUMBER = /Skipped record number\s*:\s*(\d+)/i;

/** The same record, whatever its key order or whether it was echoed as a JSON string (2017's answers). */
const sameText = (record: unknown): string | null => {
  try {
    return JSON.stringify(typeof record === 'string' ? JSON.parse(record) : record);
  } catch {
    return null;
  }
};

/**
 * Pure: CleverTap's answer to an upload of `count` records. A 200 is not success: `unprocessed`
 * lists the records refused, each tied to its place in the request by its record number (or, if
 * that is missing, by the record it echoes; `sent` gives the records as sent, only then), whatever
 * `status` says (`success` was recorded with every record refused). A 401 stops the run: every
 * later upload would meet it too.
 */
export function readAnswer(status: number, headers: Record<string, string | string[] | undefined>, text: string, count: number, context: AnswerContext, sent: () => unknown[]): Verdict {
  const said = `HTTP ${status}${text ? `: ${snippet(text)}` : ''}`;
  if (status >= 200 && status < 300) {
    const body = jsonOf(text) as { status?: unknown; processed?: unknown; unprocessed?: unknown; error?: unknown } | undefined;
    if (!body || typeof body !== 'object') {
      return { kind: 'failed', error: new MaybeStored(new DeliveryError(`CleverTap answered ${said}, which says nothing of the records`, true, status), count) };
    }
    if (!Array.isArray(body.unprocessed) && typeof body.processed !== 'number') {
      const error = typeof body.error === 'string' ? body.error : snippet(text);
      return { kind: 'failed', error: new DeliveryError(`CleverTap refused the upload (HTTP ${status}): ${error}`, false, status) };
    }
    const refused = new Map<number, Refusal>();
    const unplaced: Refusal[] = [];
    let byText: Map<string, number[]> | null = null;
    for (const entry of Array.isArray(body.unprocessed) ? (body.unprocessed as unknown[]) : []) {
      const e = (entry ?? {}) as { code?: unknown; error?: unknown; record?: unknown };
      const refusal: Refusal = { code: typeof e.code === 'number' ? e.code : null, error: typeof e.error === 'string' ? e.error : JSON.stringify(entry) };
      const number = RECORD_NUMBER.exec(refusal.error);
      let index = number ? Number(number[1]) - 1 : -1;
      if (!(index >= 0 && index < count) && e.record !== undefined) {
        byText ??= indexByText(sent());
        const same = sameText(e.record);
        const candidates = same === null ? undefined : byText.get(same)?.filter((i) => !refused.has(i));
        index = candidates?.[0] ?? -1;
      }
      if (index >= 0 && index < count && !refused.has(index)) refused.set(index, refusal);
      else unplaced.push(refusal);
    }
    return { kind: 'answered', refused, unplaced };
  }
  if (status === 401 || status === 403) {
    return {
      kind: 'failed',
      error: new DeliveryError(`CleverTap refused account ${context.accountId} (${said})`, false, status, null, {
        remedy: `Check the Account ID (${context.accountId}) and the passcode (CleverTap → Settings → Project → Passcode), and that the destination's region is the project's (${context.where}): CleverTap answers 401 to an account sent to the wrong region too.`,
      }),
    };
  }
  if (status === 413) return { kind: 'too-large' };
  if (status === 429) {
    return { kind: 'failed', error: new DeliveryError(`CleverTap answered ${said} (too many uploads at once for account ${context.accountId}: it allows 15)`, true, status, retryAfterMs(headers['retry-after'])) };
  }
  if (status >= 500) {
    const error = new DeliveryError(`CleverTap answered ${said}`, true, status, retryAfterMs(headers['retry-after']));
    // 503 says the service did not take the request; the others may come after it was processed.
    return { kind: 'failed', error: status === 503 ? error : new MaybeStored(error, count) };
  }
  return { kind: 'failed', error: new DeliveryError(`CleverTap refused the upload (${said})`, false, status) };
}

function indexByText(records: unknown[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  records.forEach((record, i) => {
    const text = JSON.stringify(record);
    const list = map.get(text);
    if (list) list.push(i);
    else map.set(text, [i]);
  });
  return map;
}

/** The reason a refused record's row is rejected with: CleverTap's code and message. */
export const refusalReason = (r: Refusal): string => `CleverTap refused the record${r.code !== null ? ` (code ${r.code})` : ''}: ${r.error}`;
