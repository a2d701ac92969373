import type { CleverTapSettings } from '../../../../shared/destinations/clevertap';
import type { OutRecord } from '../../delivery/batcher';
import { pool, post } from '../post';
import { DeliveryError, type RecordResult, type Session } from '../types';
import { headersFor, uploadBody, uploadUrl } from './requests';
import { MaybeStored, readAnswer, refusalReason, type AnswerContext } from './response';

const ACCEPTED: RecordResult = Object.freeze({ status: 'accepted' as const });

/** Errors of a request that never reached CleverTap: nothing can have been stored. */
const NOT_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH/;

/** Where uploads go, in words, for the advice after a 401. */
export const whereOf = (s: Pick<CleverTapSettings, 'region' | 'endpoint'>): string => (s.endpoint ? `the endpoint override ${s.endpoint}, standing in for region ${s.region}` : `region ${s.region}`);

/**
 * A run's session: one upload per batch. CleverTap answers 200 with the records it did not
 * process; those are rejected with its code and message (not retryable: the same record would be
 * refused again), the rest are accepted. 429 and 5xx go back to delivery, which retries with
 * backoff. A request whose answer was lost may have been stored: it is sent again all the same
 * (at least once), with a retry message saying it may now be stored twice, and once accepted
 * its records are counted in the run's record as possibly duplicated.
 */
export function clevertapSession(settings: CleverTapSettings, passcode: string, dataType: string): Session {
  const dispatcher = pool(settings.concurrency, settings.timeoutMs);
  const url = uploadUrl(settings);
  const headers = headersFor(settings.accountId, passcode);
  const context: AnswerContext = { accountId: settings.accountId, where: whereOf(settings) };
  /**
   * What earlier attempts at a batch settled (a 413 splits a batch; a later half may fail after the
   * first was stored): a retry sends only the rest, so no record is sent again once acknowledged.
   */
  const settled = new WeakMap<OutRecord[], RecordResult[]>();
  /**
   * Per batch, across attempts: the records of a request whose answer was lost (MaybeStored).
   * Accepted by a later attempt, they may now be stored twice, and the batch's answer says so.
   */
  const inDoubt = new WeakMap<OutRecord[], Set<number>>();

  async function sendPart(batch: OutRecord[], part: number[], results: RecordResult[], doubt: Set<number>, signal: AbortSignal): Promise<number> {
    const lost = (error: MaybeStored) => {
      for (const i of part) doubt.add(i);
      return error;
    };
    const body = uploadBody(part.map((i) => batch[i]!), dataType);
    let answer;
    try {
      answer = await post(dispatcher, url, { headers, body, timeoutMs: settings.timeoutMs }, signal);
    } catch (error) {
      if (error instanceof DeliveryError && error.retryable && !NOT_SENT.test(error.message)) throw lost(new MaybeStored(error, part.length));
      throw error;
    }
    const sent = () => (JSON.parse(body.toString('utf8')) as { d: unknown[] }).d;
    const verdict = readAnswer(answer.status, answer.headers, answer.text, part.length, context, sent);
    if (verdict.kind === 'failed') throw verdict.error instanceof MaybeStored ? lost(verdict.error) : verdict.error;
    if (verdict.kind === 'too-large') {
      if (part.length === 1) {
        results[part[0]!] = { status: 'rejected', reason: `CleverTap answered 413: the record is larger than an upload may be`, retryable: false };
        return body.length;
      }
      const half = Math.ceil(part.length / 2);
      return body.length + (await sendPart(batch, part.slice(0, half), results, doubt, signal)) + (await sendPart(batch, part.slice(half), results, doubt, signal));
    }
    const unplaced = verdict.unplaced.length
      ? `CleverTap refused ${verdict.unplaced.length} record(s) of this upload without saying which (${verdict.unplaced.map(refusalReason).join('; ')}); this row may or may not be stored`
      : null;
    part.forEach((i, j) => {
      const refusal = verdict.refused.get(j);
      if (refusal) results[i] = { status: 'rejected', reason: refusalReason(refusal), retryable: false };
      else if (unplaced) results[i] = { status: 'rejected', reason: unplaced, retryable: false };
      else results[i] = ACCEPTED;
    });
    return body.length;
  }

  return {
    async send(batch, signal) {
      const results = settled.get(batch) ?? new Array<RecordResult>(batch.length);
      settled.set(batch, results);
      const doubt = inDoubt.get(batch) ?? new Set<number>();
      inDoubt.set(batch, doubt);
      const pending = batch.map((_, i) => i).filter((i) => results[i] === undefined);
      const bytes = pending.length ? await sendPart(batch, pending, results, doubt, signal) : 0;
      settled.delete(batch);
      inDoubt.delete(batch);
      // A record in doubt was never accepted before (its request failed), so accepted now means sent again.
      const maybeDuplicated = [...doubt].filter((i) => results[i]!.status === 'accepted').length;
      return { results, bytes, maybeDuplicated };
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
