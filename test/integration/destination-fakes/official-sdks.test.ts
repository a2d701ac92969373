import { Identify, createInstance } from '@amplitude/analytics-node';
import { Analytics } from '@customerio/cdp-analytics-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAmplitudeFake, type AmplitudeFake } from '../../emulators/destinations/amplitude';
import { startCustomerIoFake, type CustomerIoFake } from '../../emulators/destinations/customerio';
import { guardLoopback } from './helpers';

// The official Node SDKs, pointed at the fakes, must get every call through: the fakes are no
// stricter than the real APIs where it matters. Neither SDK has remote configuration or
// telemetry on Node (Amplitude sends only to serverUrl, Customer.io only to host), and the
// guard makes sure of it: any request not for 127.0.0.1 is refused and fails the test.

let amplitude: AmplitudeFake;
let customerio: CustomerIoFake;
let guard: ReturnType<typeof guardLoopback>;

beforeAll(async () => {
  [amplitude, customerio] = await Promise.all([startAmplitudeFake(), startCustomerIoFake()]);
});

beforeEach(() => {
  amplitude.reset();
  customerio.reset();
  guard = guardLoopback();
});

afterEach(() => guard.restore());

afterAll(async () => {
  await Promise.all([amplitude.close(), customerio.close()]);
});

it('the guard refuses a request that would leave the machine, before it is made', async () => {
  await expect(fetch('https://api2.amplitude.com/2/httpapi')).rejects.toThrow(/refused an outbound request to api2\.amplitude\.com/);
  expect(guard.hosts).toEqual(['api2.amplitude.com']);
});

describe('@amplitude/analytics-node', () => {
  it.each([
    ['/2/httpapi', false],
    ['/batch', true],
  ] as const)('track, identify and groupIdentify through %s are all stored', async (path, useBatch) => {
    const client = createInstance();
    // logLevel 0 = none: a refused request would show up as a result code below instead.
    await client.init('AMP_KEY', { serverUrl: amplitude.url + path, useBatch, flushIntervalMillis: 50, flushQueueSize: 10, logLevel: 0 }).promise;
    const user = { user_id: 'datamonster@gmail.com', device_id: 'C8F9E604-F01A-4BD9' };
    const results = await Promise.all([
      client.track('watch_tutorial', { source: 'notification' }, { ...user, insert_id: `ins-${path}` }).promise,
      client.identify(new Identify().set('city', 'chicago'), { user_id: user.user_id }).promise,
      client.groupIdentify('company', 'amplitude', new Identify().set('location', 'seattle'), { user_id: user.user_id }).promise,
    ]);
    await client.flush().promise;

    expect(results.map((r) => r.code)).toEqual([200, 200, 200]);
    const events = amplitude.events();
    expect(events.map((e) => e.event_type)).toEqual(['watch_tutorial', '$identify', '$groupidentify']);
    expect(events[0]).toMatchObject({ ...user, insert_id: `ins-${path}`, event_properties: { source: 'notification' }, endpoint: path });
    expect(events[1]).toMatchObject({ user_id: user.user_id, user_properties: { $set: { city: 'chicago' } } });
    expect(events[2]).toMatchObject({ groups: { company: 'amplitude' }, group_properties: { $set: { location: 'seattle' } } });
    expect(amplitude.requests().every((r) => r.path === path && r.status === 200)).toBe(true);
    expect(new Set(guard.hosts)).toEqual(new Set(['127.0.0.1']));
  });

  it('an insert_id sent again is answered 200 and stored once', async () => {
    const client = createInstance();
    await client.init('AMP_KEY', { serverUrl: amplitude.url + '/2/httpapi', flushIntervalMillis: 20, logLevel: 0 }).promise;
    const first = await client.track('signed_up', undefined, { user_id: 'user-00001', insert_id: 'row-1' }).promise;
    const again = await client.track('signed_up', undefined, { user_id: 'user-00001', insert_id: 'row-1' }).promise;
    await client.flush().promise;
    expect([first.code, again.code]).toEqual([200, 200]);
    expect(amplitude.events().map((e) => e.insert_id)).toEqual(['row-1']);
    expect(amplitude.stats()).toMatchObject({ accepted: 1, duplicates: 1 });
  });
});

describe('@customerio/cdp-analytics-node', () => {
  it('identify, track, group, page, screen and alias are all stored, alias from inside the batch', async () => {
    const analytics = new Analytics({ writeKey: 'CIO_KEY', host: customerio.url, flushInterval: 50, maxEventsInBatch: 20, maxRetries: 0 });
    const failures: unknown[] = [];
    analytics.on('error', (e) => failures.push(e));
    analytics.identify({ userId: 'u1', traits: { email: 'a@b.c', fname: 'A' } });
    analytics.track({ userId: 'u1', event: 'signed_up', properties: { plan: 'pro' }, messageId: 'msg-1', timestamp: new Date('2024-01-01T00:00:00Z') });
    analytics.group({ userId: 'u1', groupId: 'acme', traits: { employees: 10 } });
    analytics.page({ userId: 'u1', name: 'Home', properties: { url: 'https://x.y/' } });
    analytics.screen({ userId: 'u1', name: 'Dashboard' });
    analytics.alias({ userId: 'u1', previousId: 'anon-1' });
    await analytics.closeAndFlush();

    expect(failures).toEqual([]);
    const calls = customerio.calls();
    expect(calls.map((c) => c.type)).toEqual(['identify', 'track', 'group', 'page', 'screen', 'alias']);
    expect(calls.every((c) => c.userId === 'u1' && c.endpoint === '/v1/batch' && !c.strict)).toBe(true);
    expect(calls[1]).toMatchObject({ event: 'signed_up', messageId: 'msg-1', timestamp: '2024-01-01T00:00:00.000Z', properties: { plan: 'pro' } });
    expect(calls[5]).toMatchObject({ previousId: 'anon-1' });
    expect(customerio.requests().map((r) => [r.path, r.status, r.errors])).toEqual([['/v1/batch', 200, []]]);
    expect(new Set(guard.hosts)).toEqual(new Set(['127.0.0.1']));
  });

  it('a wrong key is dropped silently, as the real API does without strict mode', async () => {
    const analytics = new Analytics({ writeKey: 'WRONG', host: customerio.url, flushInterval: 50, maxRetries: 0 });
    analytics.track({ userId: 'u1', event: 'lost' });
    await analytics.closeAndFlush();
    expect(customerio.calls()).toEqual([]);
    expect(customerio.requests()).toEqual([expect.objectContaining({ status: 200, strict: false, errors: [expect.stringMatching(/^unauthorized/)] })]);
  });
});
