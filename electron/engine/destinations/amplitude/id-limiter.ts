/**
 * Keeps each user or device under Amplitude's per-id event rate (1000 events/s averaged over 30 s
 * on Batch, 30/s on HTTP V2), and holds ids Amplitude throttled for the pause it asks for. A
 * token bucket per id: full at `perSecond × windowSeconds`, refilled at `perSecond`. Ids whose
 * bucket is full again are forgotten, so a million distinct users do not stay in memory.
 */
export class IdLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly paused = new Map<string, number>();
  private readonly capacity: number;
  private takes = 0;

  constructor(
    private readonly perSecond: number,
    windowSeconds: number,
  ) {
    this.capacity = perSecond * windowSeconds;
  }

  /** Milliseconds until one more event of this id may go (0: now); takes its token when it is 0. */
  take(id: string, now: number): number {
    const pausedUntil = this.paused.get(id);
    if (pausedUntil !== undefined) {
      if (pausedUntil > now) return pausedUntil - now;
      this.paused.delete(id);
    }
    if (++this.takes % 50_000 === 0) this.forgetFull(now);
    const bucket = this.buckets.get(id);
    const tokens = bucket ? Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond) : this.capacity;
    const left = tokens < 1 ? tokens : tokens - 1;
    if (bucket) {
      bucket.tokens = left;
      bucket.at = now;
    } else {
      this.buckets.set(id, { tokens: left, at: now });
    }
    return tokens < 1 ? Math.ceil(((1 - tokens) / this.perSecond) * 1000) : 0;
  }

  /** Holds an id until `until` (Amplitude answered 429 for it). */
  pause(id: string, until: number): void {
    this.paused.set(id, Math.max(until, this.paused.get(id) ?? 0));
  }

  /** How many ids are remembered (for tests of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  private forgetFull(now: number): void {
    for (const [id, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(id);
    }
  }
}
