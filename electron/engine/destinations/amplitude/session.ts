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
 * A run's events session. A batch may take several requests: Amplitude stores nothing of a
 * request it refuses, so events it names (a 400's invalid fields, a 429's throttled ids) are
 * settled and the rest sent again at once; throttled ids wait their pause while others flow, and
 * each id is kept under its rate. Nothing counts as sent that Amplitude did not accept.
 */
export function eventsSession(settings: AmplitudeSettings, apiKey: string): Session {
  const dispatcher = pool(settings.concurrency, settings.timeoutMs);
  const rate = ID_RATE[settings.api];
  const ids = new IdLimiter(rate.perSecond, rate.windowSeconds);
  const url = urlFor('events', settings);
  const pauseMs = settings.throttlePauseSeconds * 1000;

  async function send(batch: OutRecord[], signal: AbortSignal): Promise<{ results: RecordResult[]; bytes: number }> {
    const results = new Array<RecordResult>(batch.length);
    let pending = batch.map((_, i) => i);
    let cap = batch.length;
    let bytes = 0;
    let throttledRounds = 0;
    while (pending.length) {
      // The events that may go now: up to `cap`, each id within its rate and not paused.
      const now = Date.now();
      const ready: number[] = [];
      const held: number[] = [];
      let wait = Infinity;
      for (const i of pending) {
        const key = batch[i]!.rateKey;
        const after = ready.length >= cap ? -1 : key ? ids.take(key, now) : 0;
        if (after === 0) ready.push(i);
        else {
          held.push(i);
          if (after > 0) wait = Math.min(wait, after);
        }
      }
      if (!ready.length) {
        await sleep(wait, signal);
        continue;
      }
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
          else held.push(i);
        });
      } else if (verdict.kind === 'too-large') {
        if (ready.length === 1) results[ready[0]!] = { status: 'rejected', reason: 'Amplitude answered 413: the event is larger than one request may be', retryable: false };
        else {
          cap = Math.max(1, Math.floor(ready.length / 2));
          held.push(...ready);
        }
      } else {
        throttledRounds += 1;
        const giveUp = throttledRounds > settings.maxAttempts;
        const settled = settleThrottled(batch, ready, verdict, results, (key) => ids.pause(key, Date.now() + pauseMs), giveUp);
        held.push(...ready.filter((i) => results[i] === undefined));
        // Nothing could be tied to the ids Amplitude named: wait the pause rather than ask again at once.
        if (!settled) await sleep(pauseMs, signal);
      }
      pending = held.sort((a, b) => a - b);
    }
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
 * throttled ones have their id paused, the rest go again. After too many rounds the throttled
 * ones are given up for this run too. Returns how many events were tied to what Amplitude named.
 */
function settleThrottled(
  batch: OutRecord[],
  ready: number[],
  verdict: Extract<Verdict, { kind: 'throttled' }>,
  results: RecordResult[],
  pause: (key: string) => void,
  giveUp: boolean,
): number {
  const quotaUsers = new Set(verdict.quotaUsers);
  const quotaDevices = new Set(verdict.quotaDevices);
  const users = new Set(verdict.users);
  const devices = new Set(verdict.devices);
  const named = new Set(verdict.events ?? []);
  let settled = 0;
  ready.forEach((i, j) => {
    const record = batch[i]!;
    const payload = (quotaUsers.size || quotaDevices.size || !verdict.events ? record.payload : {}) as Payload;
    const user = typeof payload.user_id === 'string' ? payload.user_id : undefined;
    const device = typeof payload.device_id === 'string' ? payload.device_id : undefined;
    if ((user && quotaUsers.has(user)) || (device && quotaDevices.has(device))) {
      results[i] = { status: 'rejected', reason: `Amplitude's daily limit for ${user && quotaUsers.has(user) ? `user ${user}` : `device ${device}`} is used up; Floe offers this row again on the next run`, retryable: true };
      settled += 1;
      return;
    }
    const throttled = verdict.events ? named.has(j) : (user !== undefined && users.has(user)) || (device !== undefined && devices.has(device));
    if (!throttled) return;
    settled += 1;
    if (giveUp) results[i] = { status: 'rejected', reason: `Amplitude kept throttling ${user ? `user ${user}` : `device ${device}`}; Floe offers this row again on the next run`, retryable: true };
    else if (record.rateKey) pause(record.rateKey);
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

