// Switches that make the emulator misbehave on purpose. Each one is consumed as it fires, so a
// test arms exactly the failures it wants to observe.

export interface FaultOptions {
  failChunks?: number;
  failChunkStatus?: number;
  dropChunkConnections?: number;
  queryDelayMs?: number;
  delayNextQueries?: number;
  expireTokens?: boolean;
  nextQueryError?: { code: string; message: string; sqlState?: string } | null;
}

export class Faults {
  failChunks = 0;
  failChunkStatus = 503;
  dropChunkConnections = 0;
  queryDelayMs = 0;
  delayNextQueries = 0;
  nextQueryError: { code: string; message: string; sqlState?: string } | null = null;
  // Bumped by expireTokens(); sessions issued before the bump count as expired.
  tokenEpoch = 0;

  apply(o: FaultOptions): void {
    if (o.failChunks !== undefined) this.failChunks = o.failChunks;
    if (o.failChunkStatus !== undefined) this.failChunkStatus = o.failChunkStatus;
    if (o.dropChunkConnections !== undefined) this.dropChunkConnections = o.dropChunkConnections;
    if (o.queryDelayMs !== undefined) {
      this.queryDelayMs = o.queryDelayMs;
      this.delayNextQueries = o.delayNextQueries ?? 1;
    }
    if (o.expireTokens) this.tokenEpoch++;
    if (o.nextQueryError !== undefined) this.nextQueryError = o.nextQueryError;
  }

  takeChunkFailure(): number | 'drop' | null {
    if (this.failChunks > 0) {
      this.failChunks--;
      return this.failChunkStatus;
    }
    if (this.dropChunkConnections > 0) {
      this.dropChunkConnections--;
      return 'drop';
    }
    return null;
  }

  takeDelay(): number {
    if (this.delayNextQueries > 0 && this.queryDelayMs > 0) {
      this.delayNextQueries--;
      return this.queryDelayMs;
    }
    return 0;
  }

  takeQueryError(): { code: string; message: string; sqlState?: string } | null {
    const e = this.nextQueryError;
    this.nextQueryError = null;
    return e;
  }

  reset(): void {
    this.failChunks = 0;
    this.dropChunkConnections = 0;
    this.queryDelayMs = 0;
    this.delayNextQueries = 0;
    this.nextQueryError = null;
  }

  snapshot(): Record<string, unknown> {
    return {
      failChunks: this.failChunks,
      failChunkStatus: this.failChunkStatus,
      dropChunkConnections: this.dropChunkConnections,
      queryDelayMs: this.queryDelayMs,
      delayNextQueries: this.delayNextQueries,
      nextQueryError: this.nextQueryError,
      tokenEpoch: this.tokenEpoch,
    };
  }
}
