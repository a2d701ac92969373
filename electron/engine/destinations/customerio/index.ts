import { randomUUID } from 'node:crypto';
import { customerio, type CustomerIoSettings } from '../../../../shared/destinations/customerio';
import { pool, post, snippet } from '../post';
import { DeliveryError, type DestinationModule } from '../types';
import { customerIoShaper } from './checks';
import { MASKED_AUTH, basicAuth, batchBody, callBody, headersFor, sentAlone, urlFor } from './requests';
import { readAnswer } from './response';
import { customerIoSession } from './session';

/** Customer.io's limits: 500 KB a request (475,000 bytes, as its own library keeps under), 32 KB a call. */
const BATCH_BYTES = 475_000;
const CALL_BYTES = 32 * 1024;
/** `,"messageId":"<32-character key>","type":"identify"`, a comma. */
const ADDED_BYTES = 70;

function apiKeyOf(secrets: { apiKey?: string }): string {
  if (!secrets.apiKey) {
    throw new DeliveryError('No Customer.io API key is saved for this destination.', false, null, null, {
      remedy: 'Edit the destination and paste the API key of your Customer.io API source (Data Pipelines → Sources).',
    });
  }
  return secrets.apiKey;
}

export const customerIoDestination: DestinationModule<CustomerIoSettings> = {
  descriptor: customerio,
  acknowledgesAtFinish: false,
  limits: (s, dataType) => ({
    maxRecords: sentAlone(dataType.id) ? Math.min(s.batchSize, 100) : s.batchSize,
    maxBytes: BATCH_BYTES,
    maxRecordBytes: CALL_BYTES,
    concurrency: s.concurrency,
    timeoutMs: null,
    ratePerSecond: null,
    maxAttempts: s.maxAttempts,
  }),
  recordBytes: (payloadBytes) => payloadBytes + ADDED_BYTES,
  preview: (batch, s, { dataType }) => {
    const type = dataType.id;
    const body = sentAlone(type) ? batch.map((r) => callBody(r, type).toString('utf8')).join('\n') : batchBody(batch, type).toString('utf8');
    return { method: 'POST', url: urlFor(type, s), headers: headersFor(MASKED_AUTH), body };
  },
  shaper: customerIoShaper,
  open: async ({ settings, secrets, dataType }) => customerIoSession(settings, apiKeyOf(secrets), dataType.id),
  sendTest: async ({ settings, secrets, now, syncName }, signal) => {
    const call = {
      type: 'track',
      userId: 'floe-test-user',
      event: 'Floe test event',
      properties: { sent_by: 'Floe', note: `A test from ${syncName}; safe to ignore.` },
      timestamp: now.toISOString(),
      messageId: `floe-test-${randomUUID()}`,
    };
    const url = urlFor('track', settings);
    const body = JSON.stringify({ batch: [call] });
    const request = { method: 'POST', url, headers: headersFor(MASKED_AUTH), body };
    const dispatcher = pool(1, settings.timeoutMs);
    try {
      const answer = await post(dispatcher, url, { headers: headersFor(basicAuth(apiKeyOf(secrets))), body, timeoutMs: settings.timeoutMs }, signal);
      const verdict = readAnswer(answer.status, answer.headers, answer.text, 1);
      const message =
        verdict.kind === 'accepted'
          ? 'Customer.io accepted the test event (track "Floe test event" for person floe-test-user).'
          : verdict.kind === 'failed'
            ? `${verdict.error.message}${verdict.error.stop ? ` ${verdict.error.stop.remedy}` : ''}`
            : `Customer.io refused the test event (HTTP ${answer.status}): ${verdict.kind === 'invalid' ? [...verdict.reasons.values(), ...verdict.other].join('; ') : 'too large'}`;
      return { ok: verdict.kind === 'accepted', status: answer.status, message, request, response: snippet(answer.text, 2000) };
    } catch (error) {
      return { ok: false, status: null, message: (error as Error).message, request, response: '' };
    } finally {
      await dispatcher.destroy();
    }
  },
};
