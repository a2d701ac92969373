import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAmplitudeFake, type AmplitudeFake } from '../../emulators/destinations/amplitude';
import { startCustomerIoFake, type CustomerIoFake } from '../../emulators/destinations/customerio';
import { CUSTOMERIO_OPENAPI_FILE } from '../../helpers/customerio-openapi';
import { SDK_REQUESTS_FILE, sdkRequests, send } from './helpers';

// Every Amplitude and Customer.io request the official SDKs were seen sending
// (official-sdk-requests.json) goes to the fakes byte for byte, headers included, and must be
// accepted and stored. CleverTap's captured request is replayed in clevertap-sdk.test.ts, beside its SDK.

const SPECS = path.resolve(__dirname, '../../../../shared/specs');

let amplitude: AmplitudeFake;
let customerio: CustomerIoFake;

beforeAll(async () => {
  [amplitude, customerio] = await Promise.all([startAmplitudeFake(), startCustomerIoFake()]);
});

beforeEach(() => {
  amplitude.reset();
  customerio.reset();
});

afterAll(async () => {
  await Promise.all([amplitude.close(), customerio.close()]);
});

const requests = sdkRequests();
const amplitudeRequests = requests.filter((r) => r.path === '/2/httpapi' || r.path === '/batch');
const customerIoRequests = requests.filter((r) => r.path.startsWith('/v1/'));

describe('the copies of the shared specs', () => {
  it.skipIf(!existsSync(SPECS)).each([
    ['official-sdk-requests.json', SDK_REQUESTS_FILE],
    ['customerio-pipelines-openapi.json', CUSTOMERIO_OPENAPI_FILE],
  ])('%s is the same as in shared/specs', (name, copy) => {
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(path.join(SPECS, name), 'utf8'));
  });

  it('hold requests for both fakes, with their default keys', () => {
    expect(amplitudeRequests.length).toBeGreaterThan(0);
    expect(customerIoRequests.length).toBeGreaterThan(0);
    expect(amplitudeRequests.every((r) => r.body.api_key === 'AMP_KEY')).toBe(true);
    expect(customerIoRequests.every((r) => r.headers.authorization === `Basic ${Buffer.from('CIO_KEY:').toString('base64')}`)).toBe(true);
  });
});

describe('replaying the official SDKs', () => {
  it.each(amplitudeRequests.map((r) => [r.path, r] as const))('Amplitude %s: 200 and every event stored as sent', async (_path, r) => {
    const reply = await send(amplitude.url + r.path, JSON.stringify(r.body), { method: r.method, headers: r.headers });
    const events = r.body.events as Record<string, unknown>[];
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ code: 200, events_ingested: events.length, payload_size_bytes: expect.any(Number), server_upload_time: expect.any(Number) });
    expect(amplitude.events().map(({ receivedAt: _r, endpoint: _e, ...event }) => event)).toEqual(events);
    expect(amplitude.events().every((e) => e.endpoint === r.path)).toBe(true);
  });

  it.each(customerIoRequests.map((r) => [r.path, r] as const))('Customer.io %s: 200 {} and every call stored as sent, alias included', async (_path, r) => {
    const reply = await send(customerio.url + r.path, JSON.stringify(r.body), { method: r.method, headers: r.headers });
    expect([reply.status, reply.json]).toEqual([200, {}]);
    const sent = (r.body.batch as Record<string, unknown>[] | undefined) ?? [r.body];
    expect(customerio.calls().map(({ receivedAt: _r, endpoint: _e, strict: _s, ...call }) => call)).toEqual(sent);
    expect(customerio.requests()).toEqual([expect.objectContaining({ path: r.path, status: 200, calls: sent.length, stored: sent.length, strict: false, errors: [] })]);
  });

  it('the same Customer.io batch in strict mode is refused for its alias only, named by index', async () => {
    const r = customerIoRequests.find((x) => x.path === '/v1/batch')!;
    const batch = r.body.batch as { type: string }[];
    const alias = batch.findIndex((c) => c.type === 'alias');
    const reply = await send(customerio.url + r.path, JSON.stringify(r.body), { headers: { ...r.headers, 'X-Strict-Mode': '1' } });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({ meta: { errors: [expect.stringMatching(new RegExp(`^batch\\[${alias}\\]: alias is not accepted`))] } });
    expect(customerio.calls()).toEqual([]);
  });
});
