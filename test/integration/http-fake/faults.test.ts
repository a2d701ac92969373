import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHttpFake, type HttpFakeHandle } from '../../emulators/destinations/http';
import { post, rows, waitFor } from './helpers';

// Every fault switch as a client sees it, plus shutdown with a request in flight and the CLI.

let fake: HttpFakeHandle;

beforeAll(async () => {
  fake = await startHttpFake({ retryAfterSeconds: 3 });
});

beforeEach(() => fake.reset());

afterAll(async () => {
  await fake.close();
});

describe('status faults', () => {
  it('429 with the default Retry-After, an explicit one, and none', async () => {
    fake.faults.rateLimit(2);
    for (let i = 0; i < 2; i++) {
      const r = await post(fake, rows(1));
      expect([r.status, r.headers.get('retry-after')]).toEqual([429, '3']);
    }
    fake.faults.rateLimit(1, 0);
    expect((await post(fake, rows(1))).headers.get('retry-after')).toBe('0');
    fake.faults.rateLimit(1, null);
    const none = await post(fake, rows(1));
    expect([none.status, none.headers.get('retry-after')]).toEqual([429, null]);
    expect((await post(fake, rows(1))).status).toBe(200);
    expect(fake.stats()).toMatchObject({ requests: 5, batches: 1, faultsInjected: 4, statusCounts: { '429': 4, '200': 1 } });
    expect(fake.accepted()).toEqual(rows(1));
  });

  it.each([500, 502, 503] as const)('%i for the next N requests, nothing stored meanwhile', async (status) => {
    fake.faults.fail(2, status);
    expect((await post(fake, rows(2))).status).toBe(status);
    expect(fake.accepted()).toEqual([]);
    expect((await post(fake, rows(2))).status).toBe(status);
    expect((await post(fake, rows(2))).status).toBe(200);
    expect(fake.stats().statusCounts).toEqual({ [status]: 2, '200': 1 });
  });

  it('faults fire before auth and validation, as a proxy in front of the endpoint would', async () => {
    fake.faults.fail(1);
    expect((await post(fake, [{ no_id: 1 }])).status).toBe(503);
  });
});

describe('connection faults', () => {
  it('drops the connection after reading the request; nothing is stored', async () => {
    fake.faults.dropConnections(1);
    await expect(post(fake, rows(2))).rejects.toThrow(/fetch failed/);
    expect(fake.accepted()).toEqual([]);
    expect((await post(fake, rows(2))).json).toMatchObject({ accepted: 2 });
    expect(fake.stats()).toMatchObject({ requests: 2, faultsInjected: 1, statusCounts: { '200': 1 } });
  });

  it('accept-then-drop stores the batch, loses the ack, and the retry is answered as duplicates', async () => {
    fake.faults.acceptThenDrop(1);
    const headers = { 'Idempotency-Key': 'run-1/batch-0' };
    await expect(post(fake, rows(3), { headers, gzip: true })).rejects.toThrow(/fetch failed/);
    expect(fake.accepted()).toEqual(rows(3));
    const retry = await post(fake, rows(3), { headers, gzip: true });
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(fake.accepted()).toEqual(rows(3));
    expect(fake.batches().map((b) => b.ackDropped)).toEqual([true, false]);
    expect(fake.stats()).toMatchObject({ accepted: 3, duplicates: 3, batches: 2 });
  });

  it('delays the next N responses, then answers normally', async () => {
    fake.faults.delay(2, 300);
    const started = Date.now();
    const [a, b] = await Promise.all([post(fake, rows(1, 'a')), post(fake, rows(1, 'b'))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    const quick = Date.now();
    await post(fake, rows(1, 'c'));
    expect(Date.now() - quick).toBeLessThan(250);
  });

  it('a client that times out during a delay gets nothing processed', async () => {
    fake.faults.delay(1, 400);
    await expect(post(fake, rows(1), { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    // Past the point where the delay would have ended and the batch been stored.
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.accepted()).toEqual([]);
    expect(fake.faults.pending().delay.count).toBe(0);
  });

  it('a delay combines with a status fault: slow, then 503', async () => {
    fake.faults.set({ delay: { count: 1, ms: 200 }, fail: { count: 1 } });
    const started = Date.now();
    expect((await post(fake, rows(1))).status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(fake.stats().faultsInjected).toBe(1);
  });
});

describe('storm mode', () => {
  const statuses = async (target: HttpFakeHandle, n: number): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await post(target, rows(1, `s${i}`))).status);
    return out;
  };

  it('replays the same sequence for the same seed, another for another seed', async () => {
    const storm = { rate429: 0.3, rate5xx: 0.2, seed: 2024, retryAfterSeconds: null };
    fake.faults.storm(storm);
    const first = await statuses(fake, 60);
    fake.reset();
    fake.faults.storm(storm);
    expect(await statuses(fake, 60)).toEqual(first);
    fake.reset();
    fake.faults.storm({ ...storm, seed: 7 });
    expect(await statuses(fake, 60)).not.toEqual(first);

    expect(first.filter((s) => s === 429).length).toBeGreaterThan(5);
    expect(first.filter((s) => s >= 500).length).toBeGreaterThan(3);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(15);
    fake.faults.storm(null);
    expect(await statuses(fake, 5)).toEqual([200, 200, 200, 200, 200]);
  });

  it('a storm over the admin endpoint, retried until acknowledged, stores every row once', async () => {
    await fetch(new URL('/__fake/faults', fake.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ storm: { rate429: 0.4, rate5xx: 0.2, seed: 99, retryAfterSeconds: 0 } }),
    });
    for (let batch = 0; batch < 10; batch++) {
      const recs = rows(20, `b${batch}`);
      let status = 0;
      for (let attempt = 0; status !== 200 && attempt < 50; attempt++) status = (await post(fake, recs)).status;
      expect(status).toBe(200);
    }
    expect(fake.accepted()).toHaveLength(200);
    expect(new Set(fake.accepted().map((r) => r._floe_id)).size).toBe(200);
    expect(fake.stats().faultsInjected).toBeGreaterThan(0);
  });
});

describe('close()', () => {
  it('resolves promptly with a slow request in flight and cancels it', async () => {
    const slow = await startHttpFake();
    slow.faults.delay(1, 10_000);
    const inFlight = post(slow, rows(1)).then(
      () => 'answered',
      () => 'failed',
    );
    await waitFor(() => slow.stats().requests === 1);
    const started = Date.now();
    await slow.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await inFlight).toBe('failed');
    expect(slow.accepted()).toEqual([]);
    await expect(post(slow.url, rows(1))).rejects.toThrow();
  });

  it('can be called twice', async () => {
    const f = await startHttpFake();
    await post(f, rows(1));
    await Promise.all([f.close(), f.close()]);
  });
});

describe('cli', () => {
  it('prints one FLOE_HTTP_FAKE line, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/emulators/destinations/http/cli.ts', '--path', '/demo'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
      });
      expect(line).toMatch(/^FLOE_HTTP_FAKE \{"url":"http:\/\/127\.0\.0\.1:\d+\/demo"\}$/);
      const { url } = JSON.parse(line.slice('FLOE_HTTP_FAKE '.length)) as { url: string };
      expect((await post(url, rows(2))).json).toMatchObject({ accepted: 2 });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
