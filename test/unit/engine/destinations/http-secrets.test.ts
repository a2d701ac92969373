import { describe, expect, it } from 'vitest';
import { descriptorFor, HttpSettings, shownDestination, targetOf } from '../../../../shared/destinations';
import { credentialHeader, credentialParam, maskedUrl } from '../../../../shared/destinations/http-credentials';
import { SecretRef } from '../../../../shared/schemas';
import { httpDestination } from '../../../../electron/engine/destinations/http';
import { validDestination } from '../../../../electron/core/handlers/destinations-validate';
import { canonicalJson } from '../../../../electron/engine/rows/canonical';
import type { OutRecord } from '../../../../electron/engine/delivery/batcher';
import type { FloeError } from '../../../../electron/core/errors';
import { RECORDS } from '../../../../shared/destinations';

// Issue 15 §1.2: credentials in an HTTP destination's headers or URL were plain settings,
// stored in SQLite, returned over IPC and shown in dry runs. Secret headers keep their values in
// the keychain; credential-looking plain headers and URLs are refused with where to put them,
// and those saved before are masked wherever they are shown.

const http = descriptorFor('http');
/** What core answers when these settings are saved (create, update, the CLI): the refusal's fields, or null. */
function refusal(settings: Record<string, unknown>): Record<string, string> | null {
  try {
    validDestination({ name: 'hook', kind: 'http', settings: { url: 'https://hooks.example.com/in', ...settings } });
    return null;
  } catch (error) {
    return (error as FloeError).fields ?? { message: (error as FloeError).message };
  }
}
const record = (payload: Record<string, unknown>): OutRecord => ({ rowKey: 'k1', idempotencyKey: 'idem-1', op: 'upsert', payload, json: canonicalJson(payload), hash: 'h', watermark: null, source: null, bytes: 0 });
const context = { syncName: 'to hook', now: new Date('2026-01-01T00:00:00Z'), dataType: RECORDS };

describe('what looks like a credential', () => {
  it.each(['Authorization', 'proxy-authorization', 'Cookie', 'X-Api-Key', 'api-key', 'apikey', 'X-Auth-Token', 'X-Vault-Token', 'PRIVATE-TOKEN', 'X-Client-Secret', 'X-Password', 'passwd', 'X-Signature', 'X-Session-Id', 'Ocp-Apim-Subscription-Key', 'x-functions-key'])(
    'header %s',
    (name) => expect(credentialHeader(name)).toBe(true),
  );
  it.each(['X-Source', 'Accept', 'X-Request-Source', 'X-Tenant', 'X-Correlation-Id', 'Content-Language', 'X-Keyboard'])('not header %s', (name) =>
    expect(credentialHeader(name)).toBe(false),
  );
  it.each(['api_key', 'apikey', 'API-KEY', 'key', 'token', 'access_token', 'secret', 'client_secret', 'password', 'signature', 'sig', 'auth', 'X-Amz-Signature', 'private_key'])(
    'query parameter %s',
    (name) => expect(credentialParam(name)).toBe(true),
  );
  it.each(['source', 'tenant', 'v', 'format', 'monkey', 'keyword'])('not query parameter %s', (name) => expect(credentialParam(name)).toBe(false));
});

describe('an HTTP destination’s settings, as saved', () => {
  it('refuse a credential-looking plain header, saying to make it a secret header', () => {
    expect(refusal({ headers: { 'X-Api-Key': 'k-123' } })).toEqual({
      'headers.X-Api-Key': '“X-Api-Key” is a credential: add it as a secret header (kept in the keychain) instead.',
    });
    expect(refusal({ headers: { authorization: 'Bearer abc' } })?.['headers.authorization']).toMatch(/is a credential: add it as a secret header/);
    expect(refusal({ headers: { 'X-Source': 'floe' } })).toBeNull();
  });

  it('refuse user-info in the URL, saying to use Authentication', () => {
    expect(refusal({ url: 'https://user:pass@hooks.example.com/in' })?.url).toMatch(/user name or password.*Authentication \(Basic/);
    expect(refusal({ url: 'https://TOKEN@hooks.example.com/in' })?.url).toMatch(/user name or password/);
  });

  it('refuse a credential query parameter, saying to use a secret header or Authentication', () => {
    expect(refusal({ url: 'https://hooks.example.com/in?source=floe&api_key=k-123' })?.url).toMatch(/“api_key” parameter is a credential.*secret header.*Authentication/);
    expect(refusal({ url: 'https://hooks.example.com/in?Token=abc' })?.url).toMatch(/“Token” parameter/);
    expect(refusal({ url: 'https://hooks.example.com/in?source=floe&v=2' })).toBeNull();
  });

  it('take secret headers by name only; their values are keychain fields', () => {
    expect(refusal({ secretHeaders: ['X-Api-Key', 'X-Tenant-Secret'], auth: 'bearer' })).toBeNull();
    const settings = HttpSettings.parse({ url: 'https://hooks.example.com/in', auth: 'bearer', secretHeaders: ['X-Api-Key'] });
    expect(http.secretFields(settings)).toEqual(['token', 'header:X-Api-Key']);
    expect(SecretRef.safeParse({ kind: 'destination', id: 'd1', field: 'header:X-Api-Key' }).success).toBe(true);
    expect(SecretRef.safeParse({ kind: 'destination', id: 'd1', field: 'header:bad name' }).success).toBe(false);
  });

  it('refuse a secret header that is not a header name, twice, also a plain header, or one Floe sends itself', () => {
    expect(refusal({ secretHeaders: ['X Api Key'] })?.['secretHeaders.0']).toMatch(/header name/);
    expect(refusal({ secretHeaders: ['X-Api-Key', 'x-api-key'] })?.['secretHeaders.1']).toMatch(/twice/);
    expect(refusal({ secretHeaders: ['X-Tenant'], headers: { 'x-tenant': 'a' } })?.['secretHeaders.0']).toMatch(/also a plain header/);
    expect(refusal({ secretHeaders: ['Authorization'], auth: 'bearer' })?.['secretHeaders.0']).toMatch(/Authentication already sends/);
    expect(refusal({ secretHeaders: ['Authorization'] })).toBeNull();
    expect(refusal({ secretHeaders: ['Content-Type'] })?.['secretHeaders.0']).toMatch(/Floe sets/);
  });

  it('saved before these rules, still load, and are masked wherever shown', () => {
    const old = { url: 'https://bob:hunter2@hooks.example.com/in?api_key=K-OLD&source=floe', headers: { 'X-Api-Key': 'K-HEADER', 'X-Source': 'floe' } };
    expect(HttpSettings.safeParse(old).success).toBe(true);
    const shown = shownDestination({ id: 'd1', name: 'old', kind: 'http', settings: old, createdAt: '', updatedAt: '' });
    expect(JSON.stringify(shown)).not.toMatch(/hunter2|K-OLD|K-HEADER|bob/);
    expect(shown.settings).toMatchObject({ url: 'https://••••••@hooks.example.com/in?api_key=••••••&source=floe', headers: { 'X-Api-Key': '••••••', 'X-Source': 'floe' } });
    expect(targetOf('http', old)).toBe('POST https://••••••@hooks.example.com/in?api_key=••••••&source=floe');
    expect(maskedUrl('https://hooks.example.com/in?a=1#x')).toBe('https://hooks.example.com/in?a=1#x');
  });
});

describe('the HTTP module', () => {
  it('sends secret headers from the keychain with each batch', async () => {
    const settings = HttpSettings.parse({ url: 'http://127.0.0.1:9/in', secretHeaders: ['X-Api-Key'] });
    await expect(httpDestination.open({ ...context, settings, secrets: {}, runId: 'r1' })).rejects.toThrow(/No value is saved for the secret header X-Api-Key/);
  });

  it('masks secret headers, saved credential headers and URL credentials in the dry run’s request', () => {
    const settings = HttpSettings.parse({
      url: 'https://bob:hunter2@hooks.example.com/in?api_key=K-OLD',
      headers: { 'X-Api-Key': 'K-HEADER', 'X-Source': 'floe' },
      secretHeaders: ['X-Tenant-Secret'],
      auth: 'bearer',
    });
    const preview = httpDestination.preview([record({ id: 1 })], settings, context);
    expect(JSON.stringify(preview)).not.toMatch(/hunter2|K-OLD|K-HEADER/);
    expect(preview.url).toBe('https://••••••@hooks.example.com/in?api_key=••••••');
    expect(preview.headers).toMatchObject({ 'X-Api-Key': '••••••', 'X-Source': 'floe', 'X-Tenant-Secret': '••••••', authorization: 'Bearer ••••••' });
  });
});
