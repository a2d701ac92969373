import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { destinationTestHandlers, masked, TEST_TIMEOUT_MS } from '../../../electron/core/handlers/destination-test';
import type { Core } from '../../../electron/core/core';
import { dispatch } from '../../../electron/core/ipc/dispatch';
import { destinationModule } from '../../../electron/engine/destinations';
import { contract } from '../../../shared/ipc/contract';
import { startAmplitudeFake } from '../../emulators/destinations/amplitude';
import { startCustomerIoFake } from '../../emulators/destinations/customerio';
import { useTempDirs } from '../../helpers/temp-dir';
import { testCore } from '../../helpers/test-core';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local stand-in for Amplitude and Customer.io: records each request and answers as told. */
function startServer() {
  const received: Received[] = [];
  let answer: { status: number; body: string; delayMs?: number } = { status: 200, body: '{"code":200}' };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const reply = () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  return new Promise<{ url: string; received: Received[]; answer(a: typeof answer): void; close(): Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        received,
        answer: (a) => (answer = a),
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

const tempDir = useTempDirs('all');
let core: Core;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  core = testCore(tempDir());
  server = await startServer();
});
afterAll(async () => {
  await core.close();
  await server.close();
});
afterEach(() => {
  server.received.length = 0;
  server.answer({ status: 200, body: '{"code":200}' });
});

const AMP_KEY = 'amp-key-0123456789abcdef';
const CIO_KEY = 'cio-key-fedcba9876543210';

async function saved(kind: 'amplitude' | 'customerio' | 'http', settings: Record<string, unknown>, key?: string) {
  const destination = await core.handlers['destinations.create']({ name: `${kind} ${Math.random()}`, kind, settings });
  if (key) await core.secrets.set({ kind: 'destination', id: destination.id, field: 'apiKey' }, key);
  return destination;
}

/** Through the same door the window uses: input and output checked against the contract. */
const sendTest = (id: string) => dispatch(core.handlers, 'destinations.sendTest', { id }, core.log);

describe('destinations.sendTest', () => {
  it('is declared in the contract: a destination id in, the test call’s answer out', () => {
    const spec = contract['destinations.sendTest'];
    const id = randomUUID();
    expect(spec.input.safeParse({ id }).success).toBe(true);
    expect(spec.input.safeParse({ id, key: 'x' }).success).toBe(false);
    expect(spec.input.safeParse({}).success).toBe(false);
    const answer = { ok: true, status: 200, message: 'accepted', request: { method: 'POST', url: 'https://x', headers: { a: 'b' }, body: '{}' }, response: '' };
    expect(spec.output.parse({ ...answer, apiKey: 'leak' })).toEqual(answer);
    expect(spec.output.safeParse({ ...answer, status: 'no' }).success).toBe(false);
  });

  it('Amplitude: one event to /batch with the keychain’s key; the window sees the request with the key masked', async () => {
    const destination = await saved('amplitude', { endpoint: `${server.url}/amp` }, AMP_KEY);
    const result = await sendTest(destination.id);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(server.received).toHaveLength(1);
    const sent = server.received[0]!;
    expect(sent).toMatchObject({ method: 'POST', url: '/amp/batch' });
    const body = JSON.parse(sent.body) as { api_key: string; events: Array<Record<string, unknown>> };
    expect(body.api_key).toBe(AMP_KEY);
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({ event_type: expect.any(String), insert_id: expect.any(String) });

    const value = result.value as { ok: boolean; status: number; message: string; request: { url: string; body: string }; response: string };
    expect(value).toMatchObject({ ok: true, status: 200, response: '{"code":200}', request: { method: 'POST', url: `${server.url}/amp/batch` } });
    expect(value.message).toMatch(/accepted/);
    expect(JSON.stringify(value)).not.toContain(AMP_KEY);
    expect(value.request.body).toContain('"insert_id"');
  });

  it('Customer.io: one call to /v1/batch with the key as Basic auth; the header shown is masked', async () => {
    const destination = await saved('customerio', { endpoint: `${server.url}/cio`, region: 'eu' }, CIO_KEY);
    server.answer({ status: 200, body: '{}' });
    const result = await sendTest(destination.id);
    expect(result.ok).toBe(true);
    const sent = server.received[0]!;
    expect(sent.url).toBe('/cio/v1/batch');
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`${CIO_KEY}:`).toString('base64')}`);
    expect(JSON.parse(sent.body).batch[0]).toMatchObject({ type: 'track', messageId: expect.any(String) });
    const value = (result as { value: { ok: boolean; request: { headers: Record<string, string> } } }).value;
    expect(value.ok).toBe(true);
    expect(value.request.headers.authorization).toBe('Basic ••••••');
    expect(JSON.stringify(value)).not.toContain(CIO_KEY);
    expect(JSON.stringify(value)).not.toContain(Buffer.from(`${CIO_KEY}:`).toString('base64'));
  });

  it('a refused key is an answer, not an error: ok false, the status and the response, still masked even when the response quotes the key', async () => {
    const destination = await saved('amplitude', { endpoint: server.url }, AMP_KEY);
    server.answer({ status: 400, body: `{"code":400,"error":"Invalid API key","api_key":"${AMP_KEY}"}` });
    const result = await sendTest(destination.id);
    const value = (result as { value: { ok: boolean; status: number; message: string; response: string } }).value;
    expect(value).toMatchObject({ ok: false, status: 400 });
    expect(value.message).toMatch(/API key/);
    expect(value.response).toContain('Invalid API key');
    expect(JSON.stringify(value)).not.toContain(AMP_KEY);
  });

  it('a destination without a saved key says so and sends nothing', async () => {
    const destination = await saved('customerio', { endpoint: server.url });
    const result = await sendTest(destination.id);
    expect(result).toMatchObject({ ok: false, error: { code: 'secret_missing', remedy: 'Edit the destination, enter it and save.' } });
    expect(server.received).toHaveLength(0);
  });

  it('a kind without a test call (an HTTP endpoint) is refused with what to do instead', async () => {
    const destination = await saved('http', { url: server.url });
    const result = await sendTest(destination.id);
    expect(result).toMatchObject({ ok: false, error: { code: 'test_unavailable', message: 'HTTP endpoint destinations have no test event to send.' } });
    expect(server.received).toHaveLength(0);
  });

  it('an unknown destination is not found', async () => {
    expect(await sendTest(randomUUID())).toMatchObject({ ok: false, error: { code: 'destination_not_found' } });
  });

  it('gives up when the destination does not answer in time, and says so', async () => {
    const destination = await saved('amplitude', { endpoint: server.url }, AMP_KEY);
    server.answer({ status: 200, body: '{"code":200}', delayMs: 3_000 });
    // The handler as registered, with a shorter limit than its 15 s so the test need not wait.
    expect(TEST_TIMEOUT_MS).toBe(15_000);
    const handlers = destinationTestHandlers(core, { timeoutMs: 300 });
    const started = Date.now();
    const value = await handlers['destinations.sendTest']({ id: destination.id });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(value).toMatchObject({ ok: false, status: null, message: 'Amplitude did not answer the test event within 300 ms. Check the region and the endpoint override, and that this computer can reach it.' });
    expect(JSON.stringify(value)).not.toContain(AMP_KEY);
  });

  it('a module that throws is reported as an error users can act on, its message masked', async () => {
    const destination = await saved('customerio', { endpoint: server.url }, CIO_KEY);
    const module = destinationModule('customerio')!;
    const handlers = destinationTestHandlers(core, {
      modules: () => ({
        ...module,
        sendTest: async () => {
          throw new Error(`socket hang up while sending ${CIO_KEY}`);
        },
      }),
    });
    await expect(handlers['destinations.sendTest']({ id: destination.id })).rejects.toMatchObject({
      code: 'test_failed',
      message: 'The test event could not be sent: socket hang up while sending ••••••',
    });
  });
});

describe('masked', () => {
  it('hides a secret as it is, URL-encoded and base64-encoded the way Basic authentication sends it', () => {
    const key = 'k+y/=0123';
    const shown = masked(
      {
        ok: false,
        status: 401,
        message: `refused ${key}`,
        request: { method: 'POST', url: `https://x/?key=${encodeURIComponent(key)}`, headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` }, body: `api_key=${key}` },
        response: `{"key":"${key}"}`,
      },
      [key],
    );
    expect(JSON.stringify(shown)).not.toContain(key);
    expect(JSON.stringify(shown)).not.toContain(encodeURIComponent(key));
    expect(shown.request.headers.authorization).toBe('Basic ••••••');
    expect(shown.message).toBe('refused ••••••');
  });
});

describe('destinations.sendTest against the Amplitude and Customer.io fakes', () => {
  it('each stores the one test event; a key the fake does not know comes back as a refusal, never echoed', async () => {
    const amplitude = await startAmplitudeFake({ apiKeys: [AMP_KEY] });
    const customerIo = await startCustomerIoFake({ apiKeys: [CIO_KEY] });
    try {
      const amp = await saved('amplitude', { endpoint: amplitude.url }, AMP_KEY);
      const cio = await saved('customerio', { endpoint: customerIo.url }, CIO_KEY);
      expect(await sendTest(amp.id)).toMatchObject({ ok: true, value: { ok: true, status: 200 } });
      expect(await sendTest(cio.id)).toMatchObject({ ok: true, value: { ok: true, status: 200 } });
      expect(amplitude.events()).toEqual([expect.objectContaining({ event_type: 'Floe test event', insert_id: expect.any(String) })]);
      expect(customerIo.calls()).toEqual([expect.objectContaining({ type: 'track', event: 'Floe test event', messageId: expect.any(String) })]);

      await core.secrets.set({ kind: 'destination', id: amp.id, field: 'apiKey' }, 'wrong-key-123');
      await core.secrets.set({ kind: 'destination', id: cio.id, field: 'apiKey' }, 'wrong-key-456');
      const refusedAmp = await sendTest(amp.id);
      const refusedCio = await sendTest(cio.id);
      expect(refusedAmp).toMatchObject({ ok: true, value: { ok: false, status: 400, message: expect.stringMatching(/API key/) } });
      expect(refusedCio).toMatchObject({ ok: true, value: { ok: false, status: 401, message: expect.stringMatching(/API key/) } });
      expect(JSON.stringify([refusedAmp, refusedCio])).not.toMatch(/wrong-key/);
      expect(amplitude.events()).toHaveLength(1);
      expect(customerIo.calls()).toHaveLength(1);
    } finally {
      await amplitude.close();
      await customerIo.close();
    }
  });
});
