import { clevertap, type CleverTapSettings } from '../../../../shared/destinations/clevertap';
import { pool, post, snippet } from '../post';
import { DeliveryError, type DestinationModule } from '../types';
import { clevertapShaper } from './checks';
import { MASK, headersFor, uploadBody, uploadUrl } from './requests';
import { readAnswer, refusalReason } from './response';
import { clevertapSession, whereOf } from './session';

/**
 * CleverTap documents no request-byte limit (§3.3): records are bounded (≤ 100 properties of
 * ≤ 512 bytes), and Floe keeps a request under 5 MB so one upload stays quick to send again.
 */
const MAX_BYTES = 5 * 1024 * 1024;
const ENVELOPE = 16;
/** `,"type":"profile"`, an event's `"floe_id":"<32-character key>",` and the comma between records. */
const ADDED_BYTES = 64;
/** §3.4: at most 15 uploads in flight per account, whatever runs them. */
export const ACCOUNT_IN_FLIGHT = 15;

function passcodeOf(secrets: { passcode?: string }): string {
  if (!secrets.passcode) {
    throw new DeliveryError('No CleverTap passcode is saved for this destination.', false, null, null, {
      remedy: 'Edit the destination and paste the project’s passcode (CleverTap → Settings → Project → Passcode).',
    });
  }
  return secrets.passcode;
}

export const clevertapDestination: DestinationModule<CleverTapSettings> = {
  descriptor: clevertap,
  acknowledgesAtFinish: false,
  limits: (s) => ({
    maxRecords: s.batchSize,
    maxBytes: MAX_BYTES - ENVELOPE,
    concurrency: s.concurrency,
    // Each upload has its own timeout (post's); an attempt is bounded a little later, so the
    // upload's own timeout, which knows the records may have been stored, is the one that fires.
    timeoutMs: s.timeoutMs + 1000,
    ratePerSecond: null,
    // CleverTap limits uploads in flight per account, not per second: the engine shares this cap
    // between every run sending to the account (see the descriptor's limitScope).
    sharedInFlight: ACCOUNT_IN_FLIGHT,
    maxAttempts: s.maxAttempts,
  }),
  recordBytes: (payloadBytes) => payloadBytes + ADDED_BYTES,
  repeats: {
    hint: (dataType) =>
      dataType.id === 'events' ? 'each event carries its row key as evtData.floe_id, to find the copies' : 'a profile uploaded twice is updated twice with the same values, which is harmless',
  },
  preview: (batch, s, { dataType }) => ({
    method: 'POST',
    url: uploadUrl(s),
    headers: headersFor(s.accountId, MASK),
    body: uploadBody(batch, dataType.id).toString('utf8'),
  }),
  shaper: clevertapShaper,
  open: async ({ settings, secrets, dataType }) => clevertapSession(settings, passcodeOf(secrets), dataType.id),
  sendTest: async ({ settings, secrets, now, syncName }, signal) => {
    const record = {
      [settings.identityField]: 'floe-test-user',
      type: 'event',
      evtName: 'Floe test event',
      evtData: { sent_by: 'Floe', note: `A test from ${syncName}; safe to ignore.` },
      ts: Math.floor(now.getTime() / 1000),
    };
    // A dry run: CleverTap checks the event and the credentials and stores nothing.
    const url = uploadUrl(settings, true);
    const body = JSON.stringify({ d: [record] });
    const request = { method: 'POST', url, headers: headersFor(settings.accountId, MASK), body };
    const dispatcher = pool(1, settings.timeoutMs);
    try {
      const answer = await post(dispatcher, url, { headers: headersFor(settings.accountId, passcodeOf(secrets)), body, timeoutMs: settings.timeoutMs }, signal);
      const verdict = readAnswer(answer.status, answer.headers, answer.text, 1, { accountId: settings.accountId, where: whereOf(settings) }, () => [record]);
      const refusal = verdict.kind === 'answered' ? ([...verdict.refused.values()][0] ?? verdict.unplaced[0]) : undefined;
      const ok = verdict.kind === 'answered' && !refusal;
      const message = ok
        ? `CleverTap accepted the test event (a dry run: "Floe test event" for ${settings.identityField} floe-test-user, nothing stored).`
        : verdict.kind === 'failed'
          ? `${verdict.error.message}${verdict.error.stop ? ` ${verdict.error.stop.remedy}` : ''}`
          : refusal
            ? refusalReason(refusal)
            : `CleverTap did not accept the test event (HTTP ${answer.status}).`;
      return { ok, status: answer.status, message, request, response: snippet(answer.text, 2000) };
    } catch (error) {
      return { ok: false, status: null, message: (error as Error).message, request, response: '' };
    } finally {
      await dispatcher.destroy();
    }
  },
};

