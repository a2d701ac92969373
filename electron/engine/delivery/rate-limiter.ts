/**
 * A request-rate limit shared by every run using one destination, across worker threads: the
 * engine host owns one SharedArrayBuffer per destination and hands it to each worker. It keeps
 * the earliest time the next request may start (GCRA); taking a slot is one compare-and-swap.
 */
export class SharedRateLimiter {
  private readonly next: BigInt64Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    private readonly perSecond: number | null,
  ) {
    this.next = new BigInt64Array(buffer);
  }

  static createBuffer(): SharedArrayBuffer {
    return new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT);
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
