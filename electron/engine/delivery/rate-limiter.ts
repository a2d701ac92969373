/** Requests in flight a limiter can count (CleverTap allows 15 per account). */
export const IN_FLIGHT_SLOTS = 16;
const IN_FLIGHT_POLL_MS = 5;

/**
 * A request-rate limit shared by every run using one destination, across worker threads: the
 * engine host owns one SharedArrayBuffer per destination (or per what the vendor limits by, see
 * the descriptor's limitScope) and hands it to each worker. It keeps the earliest time the next
 * request may start (GCRA); taking a slot is one compare-and-swap. After it, slots for requests
 * in flight, for APIs that limit those instead (see enter).
 */
export class SharedRateLimiter {
  private readonly next: BigInt64Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    private readonly perSecond: number | null,
  ) {
    this.next = new BigInt64Array(buffer);
  }

  /** The GCRA word, then IN_FLIGHT_SLOTS slots for requests in flight (see enter). */
  static createBuffer(): SharedArrayBuffer {
    return new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT * (1 + IN_FLIGHT_SLOTS));
  }

  /**
   * Waits for one of `max` request slots shared by every run using this limiter, and returns
   * what gives it back. A slot holds the time its lease ends: one whose holder vanished without
   * giving it back (a worker stopped mid-request) is free again once `leaseMs` have passed, so a
   * lease must outlast the longest request. Taking a slot is one compare-and-swap; a full set is
   * polled every few milliseconds.
   */
  async enter(max: number, leaseMs: number, signal?: AbortSignal): Promise<() => void> {
    const slots = Math.min(max, this.next.length - 1);
    if (slots < 1) return () => undefined;
    for (;;) {
      const now = BigInt(Date.now());
      for (let i = 1; i <= slots; i++) {
        const held = Atomics.load(this.next, i);
        if (held > now) continue;
        const lease = now + BigInt(Math.max(1, Math.round(leaseMs)));
        if (Atomics.compareExchange(this.next, i, held, lease) === held) return () => void Atomics.compareExchange(this.next, i, lease, 0n);
      }
      // Polled without a listener on the signal: up to 15 batches of a run wait here at once.
      if (signal?.aborted) throw signal.reason;
      await sleep(IN_FLIGHT_POLL_MS);
    }
  }

  /** Waits until this request may start; resolves at once when there is no limit. */
  async take(signal?: AbortSignal): Promise<void> {
    if (!this.perSecond) return;
    const interval = BigInt(Math.max(1, Math.round(1000 / this.perSecond)));
    for (;;) {
      const now = BigInt(Date.now());
      const current = Atomics.load(this.next, 0);
      const start = current > now ? current : now;
      if (Atomics.compareExchange(this.next, 0, current, start + interval) !== current) continue;
      const wait = Number(start - now);
      if (wait > 0) await sleep(wait, signal);
      return;
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
