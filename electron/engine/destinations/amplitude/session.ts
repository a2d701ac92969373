import type { AmplitudeSettings } from '../../../../shared/destinations/amplitude';
import type { OutRecord } from '../../delivery/batcher';
import { sleep } from '../../delivery/rate-limiter';
import { pool, post } from '../post';
import type { RecordResult, Session } from '../types';
import { IdLimiter } from './id-limiter';
import { EVENTS_HEADERS, FORM_HEADERS, eventsBody, identifyBody, urlFor } from './requests';
import { readEventsAnswer, readIdentifyAnswer, type Verdict } from './response';

const ACCEPTED: RecordResult = Object.freeze({ status: 'accepted' as const });

/** Amplitude's per-id rate: Batch allows 1000 events/s averaged over 30 s, HTTP V2 30/s. */
const ID_RATE = { batch: { perSecond: 1000, windowSeconds: 30 }, httpapi: { perSecond: 30, windowSeconds: 1 } } as const;

type Payload = { user_id?: unknown; device_id?: unknown };

/**
 * A run's events session. Amplitude stores nothing of a request it refuses, so events it names
 * (a 400's invalid fields, a 429's throttled ids) are settled and the rest sent again at once. An
 * event whose id is over its rate, or paused after a 429, is deferred: the pipeline sends it in
 * a later batch once due, and the other rows keep flowing meanwhile. Nothing counts as sent that
 * Amplitude did not accept.
 */
export function eventsSession(settings: AmplitudeSettings, apiKey: string): Session {
  const dispatcher = pool(settings.concurrency, settings.timeoutMs);
  const rate = ID_RATE[settings.api];
  const ids = new IdLimiter(rate.perSecond, rate.windowSeconds);
  const url = urlFor('events', settings);
  const pauseMs = settings.throttlePauseSeconds * 1000;
  /** How often each event (by insert_id) was throttled: past maxAttempts it waits for the next run. */
  const throttled = new Map<string, number>();

  async function send(batch: OutRecord[], signal: AbortSignal): Promise<{ results: RecordResult[]; bytes: number }> {
    const results = new Array<RecordResult>(batch.length);
    let pending: number[] = [];
    const now = Date.now();
    batch.forEach((record, i) => {
      const after = record.rateKey ? ids.take(record.rateKey, now) : 0;
      if (after === 0) pending.push(i);
      else results[i] = { status: 'deferred', until: now + after };
    });
    let cap = batch.length;
    let bytes = 0;
    while (pending.length) {
      const ready = pending.slice(0, cap);
      const rest = pending.slice(cap);
      const body = eventsBody(ready.map((i) => batch[i]!), apiKey, settings);
      bytes += body.length;
      const answer = await post(dispatcher, url, { headers: { ...EVENTS_HEADERS }, body, timeoutMs: settings.timeoutMs }, signal);
      const verdict = readEventsAnswer(answer.status, answer.headers, answer.text, ready.length);
      if (verdict.kind === 'failed') throw verdict.error;
      if (verdict.kind === 'accepted') {
        for (const i of ready) results[i] = ACCEPTED;
      } else if (verdict.kind === 'invalid') {
        ready.forEach((i, j) => {
          const reason = verdict.reasons.get(j);
          if (reason) results[i] = { status: 'rejected', reason, retryable: false };
          else rest.push(i);
        });
      } else if (verdict.kind === 'too-large') {
        if (ready.length === 1) results[ready[0]!] = { status: 'rejected', reason: 'Amplitude answered 413: the event is larger than one request may be', retryable: false };
        else {
          cap = Math.max(1, Math.floor(ready.length / 2));
          rest.push(...ready);
        }
      } else {
        const until = Date.now() + pauseMs;
        const settled = settleThrottled(batch, ready, verdict, results, (i) => {
          const record = batch[i]!;
          const rounds = (throttled.get(record.idempotencyKey) ?? 0) + 1;
          throttled.set(record.idempotencyKey, rounds);
          if (rounds > settings.maxAttempts) return false;
          if (record.rateKey) ids.pause(record.rateKey, until);
          return true;
        }, until);
        rest.push(...ready.filter((i) => results[i] === undefined));
        // Nothing could be tied to what Amplitude named: wait its pause rather than ask again at once.
        if (!settled) await sleep(pauseMs, signal);
      }
      pending = rest.sort((a, b) => a - b);
    }
    for (const [i, result] of results.entries()) if (result.status !== 'deferred') throttled.delete(batch[i]!.idempotencyKey);
    return { results, bytes };
  }

  return {
    send,
    finish: async () => {
      await dispatcher.close();
      return { location: null };
    },
    abort: async () => {
      await dispatcher.destroy();
    },
  };
}

/**
 * After a 429: events past their id's daily quota are rejected (offered again on the next run),
 * throttled ones deferred until `until` with their id paused (`hold` says false once an event has
 * been throttled too often: it is then left for the next run), the rest go again. Returns how
 * many events were tied to what Amplitude named.
 */
function settleThrottled(
  batch: OutRecord[],
  ready: number[],
  verdict: Extract<Verdict, { kind: 'throttled' }>,
  results: RecordResult[],
  hold: (i: number) => boolean,
  until: number,
): number {
  const quotaUsers = new Set(verdict.quotaUsers);
  const quotaDevices = new Set(verdict.quotaDevices);
  const users = new Set(verdict.users);
  const devices = new Set(verdict.devices);
  const named = new Set(verdict.events ?? []);
  const readPayload = quotaUsers.size > 0 || quotaDevices.size > 0 || !verdict.events;
  let settled = 0;
  ready.forEach((i, j) => {
    const payload = (readPayload ? batch[i]!.payload : {}) as Payload;
    const user = typeof payload.user_id === 'string' ? payload.user_id : undefined;
    const device = typeof payload.device_id === 'string' ? payload.device_id : undefined;
    if ((user && quotaUsers.has(user)) || (device && quotaDevices.has(device))) {
      const who = user && quotaUsers.has(user) ? `user ${user}` : `device ${device}`;
      results[i] = { status: 'rejected', reason: `Amplitude's daily limit for ${who} is used up; Floe offers this row again on the next run`, retryable: true };
      settled += 1;
      return;
    }
    const isThrottled = verdict.events ? named.has(j) : (user !== undefined && users.has(user)) || (device !== undefined && devices.has(device));
    if (!isThrottled) return;
    settled += 1;
    results[i] = hold(i)
      ? { status: 'deferred', until }
      : { status: 'rejected', reason: 'Amplitude kept throttling this event’s user or device; Floe offers this row again on the next run', retryable: true };
  });
  return settled;
}

/**
 * Identify and group identify: one request per batch. Amplitude names no rows in their errors,
 * so a refused batch is split in halves until the row it refuses is alone, and only that row is
 * rejected.
 */
export function identifySession(settings: AmplitudeSettings, apiKey: string, dataType: string): Session {
  const dispatcher = pool(settings.concurrency, settings.timeoutMs);
  const url = urlFor(dataType, settings);

  async function sendPart(batch: OutRecord[], part: number[], results: RecordResult[], signal: AbortSignal): Promise<number> {
    const body = identifyBody(part.map((i) => batch[i]!), apiKey);
    const answer = await post(dispatcher, url, { headers: { ...FORM_HEADERS }, body, timeoutMs: settings.timeoutMs }, signal);
    const read = readIdentifyAnswer(answer.status, answer.headers, answer.text);
    const sent = Buffer.byteLength(body);
    if (read.ok) {
      for (const i of part) results[i] = ACCEPTED;
      return sent;
    }
    const refused = read.error.status === 400 && !read.error.retryable && !read.error.stop;
    if (!refused) throw read.error;
    if (part.length === 1) {
      results[part[0]!] = { status: 'rejected', reason: read.error.message, retryable: false };
      return sent;
    }
    const half = Math.ceil(part.length / 2);
    return sent + (await sendPart(batch, part.slice(0, half), results, signal)) + (await sendPart(batch, part.slice(half), results, signal));
  }

  return {
    async send(batch, signal) {
      const results = new Array<RecordResult>(batch.length);
      const bytes = await sendPart(batch, batch.map((_, i) => i), results, signal);
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

