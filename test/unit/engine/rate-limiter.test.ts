import { describe, expect, it } from 'vitest';
import { SharedRateLimiter } from '../../../electron/engine/delivery/rate-limiter';

describe('a shared in-flight cap', () => {
  it('lets at most `max` holders in at once across limiters on one buffer, and frees a slot whose lease ran out', async () => {
    const buffer = SharedRateLimiter.createBuffer();
    const a = new SharedRateLimiter(buffer, null);
    const b = new SharedRateLimiter(buffer, null);
    const held = await Promise.all([0, 1, 2].map((i) => (i % 2 ? a : b).enter(3, 60_000)));
    let fourth = false;
    const waiting = a.enter(3, 60_000).then((release) => {
      fourth = true;
      return release;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(fourth).toBe(false);
    held[0]!();
    (await waiting)();
    expect(fourth).toBe(true);
    // A holder that never gives its slot back (a stopped worker) loses it when its lease ends.
    const c = new SharedRateLimiter(SharedRateLimiter.createBuffer(), null);
    await c.enter(1, 20);
    const started = Date.now();
    await c.enter(1, 20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(10);
  });
});
