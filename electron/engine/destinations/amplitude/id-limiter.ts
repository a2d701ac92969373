/**
 * Keeps each user or device under Amplitude's per-id event rate (1000 events/s averaged over 30 s
 * on Batch, 30/s on HTTP V2), and holds ids Amplitude throttled for the pause it asks for. Counts
 * each id's events in fixed windows of `windowSeconds`: an id that has used its window's
 * allowance (`perSecond × windowSeconds`) waits for the next window. Stricter than Amplitude's
 * sliding average, never looser; a count per id and a map cleared each window keep it cheap at
 * a million events and bounded in memory.
 */
export class IdLimiter {
  private counts = new Map<string, number>();
  private readonly paused = new Map<string, number>();
  private readonly allowance: number;
  private readonly windowMs: number;
  private windowEnds = 0;

  constructor(perSecond: number, windowSeconds: number) {
    this.allowance = Math.max(1, Math.floor(perSecond * windowSeconds));
    this.windowMs = windowSeconds * 1000;
  }

  /** Milliseconds until one more event of this id may go (0: now, and it is counted). */
  take(id: string, now: number): number {
    if (this.paused.size) {
      const pausedUntil = this.paused.get(id);
      if (pausedUntil !== undefined) {
        if (pausedUntil > now) return pausedUntil - now;
        this.paused.delete(id);
      }
    }
    if (now >= this.windowEnds) {
      this.counts = new Map();
      this.windowEnds = now + this.windowMs;
    }
    const used = this.counts.get(id) ?? 0;
    if (used >= this.allowance) return this.windowEnds - now;
    this.counts.set(id, used + 1);
    return 0;
  }

  /** Holds an id until `until` (Amplitude answered 429 for it). */
  pause(id: string, until: number): void {
    this.paused.set(id, Math.max(until, this.paused.get(id) ?? 0));
  }

  /** How many ids are counted in the current window (for tests of the memory bound). */
  get size(): number {
    return this.counts.size;
  }
}
