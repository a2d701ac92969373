import { WHERE_THE_URL_IS } from '../../../../shared/destinations/cluedin';
import { retryAfterMs } from '../http/response';
import { jsonOf, snippet } from '../post';
import { DeliveryError, type BatchReceipt } from '../types';

/**
 * What one answer of an ingestion endpoint means (destinations.md §4, seed 004's troubleshooting
 * table). A 200 only says CluedIn received the records — it parses them later — so it is kept as
 * a receipt: the receipt id to look up in CluedIn's ingestion reports, and its warnings.
 */
export type Verdict =
  | { kind: 'received'; receipt: BatchReceipt }
  /** A 400: nothing stored. `byRecord` holds the errors that name a record (`record 3: …`), by index in the request. */
  | { kind: 'refused'; byRecord: Map<number, string[]>; other: string[]; receipt: BatchReceipt }
  | { kind: 'too-large' }
  | { kind: 'failed'; error: DeliveryError };

interface Body {
  success?: unknown;
  warning?: unknown;
  error?: unknown;
  warnings?: unknown;
  errors?: unknown;
  receiptId?: unknown;
}

/** "record 3: …" (0-based, as CluedIn's answers count the records of a request). */
const RECORD = /^record (\d+): (.*)$/s;

const texts = (v: unknown): string[] => (Array.isArray(v) ? v.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))) : []);
const receiptOf = (status: number, body: Body | undefined, records: number, warnings: string[]): BatchReceipt => ({
  status,
  receiptId: typeof body?.receiptId === 'string' ? body.receiptId : null,
  records,
  warnings,
});

/** Pure: one answer of an ingestion endpoint to a request of `records` records. */
export function readAnswer(status: number, headers: Record<string, string | string[] | undefined>, text: string, records: number): Verdict {
  const body = jsonOf(text) as Body | undefined;
  const said = `HTTP ${status}${text ? `: ${snippet(text)}` : ''}`;
  if (status >= 200 && status < 300) {
    const warnings = texts(body?.warnings);
    // The flags of a 200 are kept with it: CluedIn may flag a problem it will meet when it processes the records.
    if (body?.error === true) warnings.unshift(`CluedIn flagged an error in its answer: ${snippet(text)}`);
    else if (body?.success === false) warnings.unshift(`CluedIn's answer says success: false: ${snippet(text)}`);
    return { kind: 'received', receipt: receiptOf(status, body, records, warnings) };
  }
  if (status === 400) {
    const byRecord = new Map<number, string[]>();
    const other: string[] = [];
    const errors = texts(body?.errors);
    for (const error of errors.length ? errors : [snippet(text) || 'Bad Request']) {
      const match = RECORD.exec(error);
      const index = match ? Number(match[1]) : -1;
      if (index >= 0 && index < records) byRecord.set(index, [...(byRecord.get(index) ?? []), match![2]!]);
      else other.push(error);
    }
    return { kind: 'refused', byRecord, other, receipt: receiptOf(status, body, records, errors.slice(0, 20)) };
  }
  if (status === 401 || status === 403) {
    return {
      kind: 'failed',
      error: new DeliveryError(`CluedIn refused the API token (${said})`, false, status, null, {
        remedy: 'Check the destination’s API token (CluedIn → Administration → API Tokens): it must be a token with the right to ingest, not expired. Paste a new one to rotate it.',
      }),
    };
  }
  if (status === 404) {
    return {
      kind: 'failed',
      error: new DeliveryError(`CluedIn has no ingestion endpoint at this URL (${said})`, false, status, null, {
        remedy: `Copy the endpoint’s POST URL again (${WHERE_THE_URL_IS}); an endpoint that was deleted needs a new one.`,
      }),
    };
  }
  if (status === 413) return { kind: 'too-large' };
  if (status === 429) {
    return { kind: 'failed', error: new DeliveryError(`CluedIn is limiting requests (${said}); Floe backs off and tries again`, true, status, retryAfterMs(headers['retry-after'])) };
  }
  if (status >= 500) {
    return {
      kind: 'failed',
      error: new DeliveryError(`CluedIn answered ${said}, a temporary problem on its side; Floe tries again (contact CluedIn support if it persists)`, true, status, retryAfterMs(headers['retry-after'])),
    };
  }
  // 405, 415 and other refusals of the request itself: sending it again cannot help.
  return { kind: 'failed', error: new DeliveryError(`CluedIn refused the request (${said})`, false, status) };
}
