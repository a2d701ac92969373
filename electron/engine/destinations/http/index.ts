import { gzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { http, type HttpSettings } from '../../../../shared/destinations/http';
import { maskedHeaders, maskedUrl } from '../../../../shared/destinations/http-credentials';
import { headerSecretField, SECRET_MASK, type SecretField } from '../../../../shared/schemas';
import { DeliveryError, type DestinationModule, type Session } from '../types';
import { encodeBody, httpBody, httpHeaders } from './payload';
import { parseHttpResponse } from './response';

function authHeader(settings: HttpSettings, secrets: { token?: string; basicAuth?: string }): Record<string, string> {
  if (settings.auth === 'bearer') {
    if (!secrets.token) throw new DeliveryError('No bearer token is saved for this destination.', false);
    return { authorization: `Bearer ${secrets.token}` };
  }
  if (settings.auth === 'basic') {
    if (!secrets.basicAuth) throw new DeliveryError('No password is saved for this destination.', false);
    return { authorization: `Basic ${Buffer.from(`${settings.basicUsername ?? ''}:${secrets.basicAuth}`).toString('base64')}` };
  }
  return {};
}

/** The secret headers' values from the keychain, by the names the settings give them. */
function secretHeaders(settings: HttpSettings, secrets: Partial<Record<SecretField, string>>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of settings.secretHeaders) {
    const value = secrets[headerSecretField(name)];
    if (!value) throw new DeliveryError(`No value is saved for the secret header ${name}.`, false);
    headers[name] = value;
  }
  return headers;
}

export const httpDestination: DestinationModule<HttpSettings> = {
  descriptor: http,
  acknowledgesAtFinish: false,
  limits: (s) => ({
    maxRecords: s.batchSize,
    maxBytes: s.maxBatchBytes,
    concurrency: s.concurrency,
    timeoutMs: s.timeoutMs,
    ratePerSecond: s.ratePerSecond,
    maxAttempts: s.maxAttempts,
  }),
  // `,"<idField>":"<32-char key>"` after the payload, and a separator.
  recordBytes: (payloadBytes, record, s) =>
    record.op === 'delete' ? 80 + s.idField.length + record.rowKey.length : payloadBytes + s.idField.length + 40,
  // Every credential masked: the auth header, each secret header, and a credential a plain
  // header or the URL still holds from before such settings were refused.
  preview: (batch, s) => {
    const headers = { ...httpHeaders(batch, { ...s, headers: maskedHeaders(s.headers) }), ...Object.fromEntries(s.secretHeaders.map((name) => [name, SECRET_MASK])) };
    if (s.auth !== 'none') headers.authorization = `${s.auth === 'bearer' ? 'Bearer' : 'Basic'} ${SECRET_MASK}`;
    return { method: s.method, url: maskedUrl(s.url), headers, body: httpBody(batch, s) };
  },
  open: async ({ settings, secrets }): Promise<Session> => {
    const credentials = { ...secretHeaders(settings, secrets), ...authHeader(settings, secrets) };
    // One pool per run: keep-alive connections up to the batch concurrency.
    const dispatcher = new Agent({ connections: settings.concurrency, headersTimeout: settings.timeoutMs, bodyTimeout: settings.timeoutMs });
    return {
      async send(batch, signal) {
        const encoded = encodeBody(batch, settings);
        const body = settings.gzip ? gzipSync(encoded) : encoded;
        let response;
        try {
          response = await request(settings.url, {
            method: settings.method,
            headers: { ...httpHeaders(batch, settings), ...credentials },
            body,
            signal,
            dispatcher,
          });
        } catch (error) {
          if (signal.aborted) throw error;
          throw new DeliveryError(`could not reach ${new URL(settings.url).host}: ${(error as Error).message}`, true);
        }
        const responseText = await response.body.text().catch(() => '');
        return { results: parseHttpResponse(response.statusCode, response.headers, responseText, batch.length), bytes: body.length };
      },
      finish: async () => {
        await dispatcher.close();
        return { location: null };
      },
      abort: async () => {
        await dispatcher.destroy();
      },
    };
  },
};
