import { gzipSync } from 'node:zlib';
import { cluedin, cluedinEndpointId, type CluedInSettings } from '../../../../shared/destinations/cluedin';
import { pool, post, snippet } from '../post';
import { DeliveryError, type DestinationModule } from '../types';
import { cluedinShaper } from './checks';
import { MASK, entityBody, headersFor } from './requests';
import { readAnswer } from './response';
import { cluedinSession } from './session';

/**
 * CluedIn documents no body limit (§4); Floe keeps a request under 8 MB before compression, so
 * even without gzip it stays under the 10 MB a proxy in front of an endpoint commonly allows.
 */
const MAX_BYTES = 8 * 1024 * 1024;
/** `,"externalId":"…","type":"…"` around the row key and the entity type, and the separator. */
const ADDED_BYTES = 30;
/** `{"deleted":true,"timestamp":"2026-12-01T09:00:00.000Z"}` and the same additions. */
const TOMBSTONE_BYTES = 60;

function tokenOf(secrets: { token?: string }): string {
  if (!secrets.token) {
    throw new DeliveryError('No CluedIn API token is saved for this destination.', false, null, null, {
      remedy: 'Edit the destination and paste an API token with the right to ingest (CluedIn → Administration → API Tokens).',
    });
  }
  return secrets.token;
}

export const cluedinDestination: DestinationModule<CluedInSettings> = {
  descriptor: cluedin,
  acknowledgesAtFinish: false,
  limits: (s) => ({
    maxRecords: s.batchSize,
    maxBytes: MAX_BYTES,
    concurrency: s.concurrency,
    // Each request has its own timeout (post's); an attempt is bounded a little later.
    timeoutMs: s.timeoutMs + 1000,
    ratePerSecond: null,
    maxAttempts: s.maxAttempts,
  }),
  recordBytes: (payloadBytes, record, s) => (record.op === 'delete' ? TOMBSTONE_BYTES : payloadBytes + ADDED_BYTES) + record.rowKey.length + s.entityType.length,
  sendsDeletes: (s) => s.tombstones,
  preview: (batch, s, { now }) => ({
    method: 'POST',
    url: s.url,
    headers: headersFor(s, MASK),
    // Shown as text; sent gzip-compressed when the destination says so (the content-encoding header).
    body: entityBody(batch, s, now).toString('utf8'),
  }),
  shaper: () => cluedinShaper(),
  open: async ({ settings, secrets, now }) => cluedinSession(settings, tokenOf(secrets), now),
  sendTest: async ({ settings, secrets, now, syncName }, signal) => {
    // One real record: an ingestion endpoint has no dry run. It is marked as Floe's test.
    const record = {
      externalId: 'floe-test-record',
      type: settings.entityType,
      timestamp: now.toISOString(),
      properties: { sent_by: 'Floe', note: `A test from ${syncName}; safe to delete.` },
    };
    const text = settings.format === 'ndjson' ? `${JSON.stringify(record)}\n` : JSON.stringify([record]);
    const request = { method: 'POST', url: settings.url, headers: headersFor(settings, MASK), body: text };
    const dispatcher = pool(1, settings.timeoutMs);
    try {
      const body = settings.gzip ? gzipSync(text) : text;
      const answer = await post(dispatcher, settings.url, { headers: headersFor(settings, tokenOf(secrets)), body, timeoutMs: settings.timeoutMs }, signal);
      const verdict = readAnswer(answer.status, answer.headers, answer.text, 1);
      const endpoint = `endpoint ${cluedinEndpointId(settings.url)}`;
      let ok = false;
      let message: string;
      if (verdict.kind === 'received') {
        ok = true;
        const receipt = verdict.receipt.receiptId ? `, receipt ${verdict.receipt.receiptId}` : '';
        const warned = verdict.receipt.warnings.length ? ` It warned: ${verdict.receipt.warnings.join('; ')}.` : '';
        message = `CluedIn received the test record (${endpoint}${receipt}): a ${settings.entityType} with externalId floe-test-record. A 200 means received; CluedIn processes it later.${warned}`;
      } else if (verdict.kind === 'refused') {
        message = `CluedIn refused the test record (400): ${[...verdict.other, ...[...verdict.byRecord.values()].flat()].join('; ')}`;
      } else if (verdict.kind === 'too-large') {
        message = 'CluedIn answered 413 Payload Too Large to a single small record: check the endpoint’s maximum body size.';
      } else {
        message = `${verdict.error.message}${verdict.error.stop ? ` ${verdict.error.stop.remedy}` : ''}`;
      }
      return { ok, status: answer.status, message, request, response: snippet(answer.text, 2000) };
    } catch (error) {
      return { ok: false, status: null, message: (error as Error).message, request, response: '' };
    } finally {
      await dispatcher.destroy();
    }
  },
};
