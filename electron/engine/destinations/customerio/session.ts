import type { CustomerIoSettings } from '../../../../shared/destinations/customerio';
import type { OutRecord } from '../../delivery/batcher';
import { pool, post } from '../post';
import type { RecordResult, Session } from '../types';
import { basicAuth, batchBody, callBody, headersFor, sentAlone, urlFor } from './requests';
import { readAnswer } from './response';

const ACCEPTED: RecordResult = Object.freeze({ status: 'accepted' as const });

/** Alias calls go one per request: this many at once within a batch. */
const ALONE_AT_ONCE = 4;

/**
 * A run's session. Strict mode stores nothing of a request it refuses: calls its errors name
 * are rejected with Customer.io's message and the rest sent again; errors that name no call split
 * the request in halves until the refused call is alone. 429 and 5xx retry the batch with the
 * same messageIds.
 */
export function customerIoSession(settings: CustomerIoSettings, apiKey: string, type: string): Session {
  const dispatcher = pool(settings.concurrency, settings.timeoutMs);
  const url = urlFor(type, settings);
  const headers = headersFor(basicAuth(apiKey));
  const alone = sentAlone(type);

  /** Sends some calls of a batch (by index), settling each in `results`; returns the bytes sent. */
  async function sendPart(batch: OutRecord[], part: number[], results: RecordResult[], signal: AbortSignal): Promise<number> {
    const body = alone ? callBody(batch[part[0]!]!, type) : batchBody(part.map((i) => batch[i]!), type);
    const answer = await post(dispatcher, url, { headers, body, timeoutMs: settings.timeoutMs }, signal);
    const verdict = readAnswer(answer.status, answer.headers, answer.text, part.length);
    if (verdict.kind === 'failed') throw verdict.error;
    if (verdict.kind === 'accepted') {
      for (const i of part) results[i] = ACCEPTED;
      return body.length;
    }
    if (part.length === 1) {
      const reasons = verdict.kind === 'invalid' ? [...verdict.reasons.values(), ...verdict.other] : ['the call is larger than Customer.io takes'];
      results[part[0]!] = { status: 'rejected', reason: `Customer.io refused the call: ${reasons.join('; ') || `HTTP ${answer.status}`}`, retryable: false };
      return body.length;
    }
    if (verdict.kind === 'invalid' && verdict.reasons.size) {
      const rest: number[] = [];
      part.forEach((i, j) => {
        const reason = verdict.reasons.get(j);
        if (reason) results[i] = { status: 'rejected', reason: `Customer.io refused the call: ${reason}`, retryable: false };
        else rest.push(i);
      });
      return body.length + (rest.length ? await sendPart(batch, rest, results, signal) : 0);
    }
    const half = Math.ceil(part.length / 2);
    return body.length + (await sendPart(batch, part.slice(0, half), results, signal)) + (await sendPart(batch, part.slice(half), results, signal));
  }

  return {
    async send(batch, signal) {
      const results = new Array<RecordResult>(batch.length);
      if (!alone) return { results, bytes: await sendPart(batch, batch.map((_, i) => i), results, signal) };
      let bytes = 0;
      for (let start = 0; start < batch.length; start += ALONE_AT_ONCE) {
        const sent = await Promise.all(batch.slice(start, start + ALONE_AT_ONCE).map((_, k) => sendPart(batch, [start + k], results, signal)));
        bytes += sent.reduce((a, b) => a + b, 0);
      }
      return { results, bytes };
    },
    finish: async () => {
      await dispatcher.close();
      return { location: null };
    },
    abort: async () => {
      await dispatcher.destroy();
    },
  };
}
