import { randomUUID } from 'node:crypto';
import { amplitude, type AmplitudeSettings } from '../../../../shared/destinations/amplitude';
import { pool, post, snippet } from '../post';
import { DeliveryError, type DestinationModule, type Session } from '../types';
import { amplitudeShaper } from './checks';
import { EVENTS_HEADERS, FORM_HEADERS, MASK, eventsBody, identifyBody, urlFor } from './requests';
import { readEventsAnswer } from './response';
import { eventsSession, identifySession } from './session';

/** Amplitude's request limits: Batch 2000 events and 20 MB, HTTP V2 2000 and 1 MB; identify calls 1024 and 1 MB. */
const MB = 1024 * 1024;
const ENVELOPE = 1024;
/** `,"insert_id":"<32-character key>"` and the comma between events. */
const INSERT_ID_BYTES = 50;

function apiKeyOf(secrets: { apiKey?: string }): string {
  if (!secrets.apiKey) {
    throw new DeliveryError('No Amplitude API key is saved for this destination.', false, null, null, {
      remedy: 'Edit the destination and paste the project’s API key (Amplitude → Settings → Projects → your project → General).',
    });
  }
  return secrets.apiKey;
}

const isEvents = (dataType: string) => dataType === 'events';

export const amplitudeDestination: DestinationModule<AmplitudeSettings> = {
  descriptor: amplitude,
  acknowledgesAtFinish: false,
  // Identify calls are form-encoded, which can triple the JSON's size: their byte limit is on
  // the JSON, at a third of the 1 MB a request may be.
  limits: (s, dataType) => ({
    maxRecords: isEvents(dataType.id) ? s.batchSize : Math.min(s.batchSize, 1024),
    maxBytes: isEvents(dataType.id) ? (s.api === 'batch' ? 20 * MB : MB) - ENVELOPE : Math.floor(MB / 3) - ENVELOPE,
    concurrency: s.concurrency,
    // Each request has its own timeout: a batch may wait for a throttled user in between.
    timeoutMs: null,
    ratePerSecond: null,
    maxAttempts: s.maxAttempts,
  }),
  // The payload, `,"insert_id":"<key>"` and a comma (identify calls add less).
  recordBytes: (payloadBytes) => payloadBytes + INSERT_ID_BYTES,
  preview: (batch, s, { dataType }) => {
    const events = isEvents(dataType.id);
    return {
      method: 'POST',
      url: urlFor(dataType.id, s),
      headers: { ...(events ? EVENTS_HEADERS : FORM_HEADERS) },
      body: events ? eventsBody(batch, MASK, s).toString('utf8') : identifyBody(batch, MASK),
    };
  },
  shaper: amplitudeShaper,
  open: async ({ settings, secrets, dataType }): Promise<Session> => {
    const apiKey = apiKeyOf(secrets);
    return isEvents(dataType.id) ? eventsSession(settings, apiKey) : identifySession(settings, apiKey, dataType.id);
  },
  sendTest: async ({ settings, secrets, now, syncName }, signal) => {
    const event = {
      event_type: 'Floe test event',
      user_id: 'floe-test-user',
      time: now.getTime(),
      insert_id: `floe-test-${randomUUID()}`,
      event_properties: { sent_by: 'Floe', note: `A test from ${syncName}; safe to ignore.` },
    };
    const url = urlFor('events', settings);
    const body = (key: string) => JSON.stringify({ api_key: key, options: { min_id_length: settings.minIdLength }, events: [event] });
    const request = { method: 'POST', url, headers: { ...EVENTS_HEADERS }, body: body(MASK) };
    const dispatcher = pool(1, settings.timeoutMs);
    try {
      const answer = await post(dispatcher, url, { headers: { ...EVENTS_HEADERS }, body: body(apiKeyOf(secrets)), timeoutMs: settings.timeoutMs }, signal);
      const verdict = readEventsAnswer(answer.status, answer.headers, answer.text, 1);
      const message =
        verdict.kind === 'accepted'
          ? 'Amplitude accepted the test event (event type "Floe test event", user floe-test-user).'
          : verdict.kind === 'failed'
            ? `${verdict.error.message}${verdict.error.stop ? ` ${verdict.error.stop.remedy}` : ''}`
            : `Amplitude did not accept the test event (HTTP ${answer.status}).`;
      return { ok: verdict.kind === 'accepted', status: answer.status, message, request, response: snippet(answer.text, 2000) };
    } catch (error) {
      return { ok: false, status: null, message: (error as Error).message, request, response: '' };
    } finally {
      await dispatcher.destroy();
    }
  },
};
