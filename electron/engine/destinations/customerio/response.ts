import { retryAfterMs } from '../http/response';
import { jsonOf, snippet } from '../post';
import { DeliveryError } from '../types';

export type Verdict =
  | { kind: 'accepted' }
  /** 400 in strict mode: calls named by index are rejected with their error; `other` errors name none. */
  | { kind: 'invalid'; reasons: Map<number, string>; other: string[] }
  | { kind: 'too-large' }
  | { kind: 'failed'; error: DeliveryError };

const REMEDY_KEY =
  'Check the API key in the destination’s settings (Customer.io → Data Pipelines → Sources → your Customer.io API source → API key) and its region: an EU workspace needs the EU region.';

/** `batch[3]: …`, `batch.3.userId …` or `/batch/3 …`: the index of the call an error is about. */
const INDEX = /batch(?:\[(\d+)\]|[./](\d+))/;

/** The error strings of a strict-mode 400: `{"meta":{"errors":["…"]}}` (or `meta.error`, as the Track API words it). */
function errorsOf(text: string): string[] {
  const body = jsonOf(text) as { meta?: { errors?: unknown; error?: unknown }; message?: unknown } | undefined;
  const errors = body?.meta?.errors;
  if (Array.isArray(errors)) return errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  if (typeof body?.meta?.error === 'string') return [body.meta.error];
  if (typeof body?.message === 'string') return [body.message];
  return text ? [snippet(text)] : [];
}

/** Pure: Customer.io's answer to a request of `count` calls. */
export function readAnswer(status: number, headers: Record<string, string | string[] | undefined>, text: string, count: number): Verdict {
  if (status >= 200 && status < 300) return { kind: 'accepted' };
  const said = `HTTP ${status}${text ? `: ${snippet(text)}` : ''}`;
  if (status === 401 || status === 403) {
    return { kind: 'failed', error: new DeliveryError(`Customer.io refused the API key (${said})`, false, status, null, { remedy: REMEDY_KEY }) };
  }
  if (status === 413) return { kind: 'too-large' };
  if (status === 400) {
    const reasons = new Map<number, string>();
    const other: string[] = [];
    for (const error of errorsOf(text)) {
      const match = INDEX.exec(error);
      const index = match ? Number(match[1] ?? match[2]) : NaN;
      if (Number.isInteger(index) && index < count) reasons.set(index, reasons.has(index) ? `${reasons.get(index)}; ${error}` : error);
      else other.push(error);
    }
    return { kind: 'invalid', reasons, other };
  }
  if (status === 429 || status >= 500) return { kind: 'failed', error: new DeliveryError(`Customer.io answered ${said}`, true, status, retryAfterMs(headers['retry-after'])) };
  return { kind: 'failed', error: new DeliveryError(`Customer.io answered ${said}`, false, status) };
}
