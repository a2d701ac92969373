import { z } from 'zod';
import { mulberry32 } from './prng';

// Fault switches. Counted switches are consumed one per ingest request, so a test arms exactly
// the failures it wants to observe; the storm draws from a seeded PRNG so a flaky-looking run
// can be replayed exactly.

const count = z.number().int().min(0);
// 504 is there for the SaaS fakes (Amplitude documents it); the storm still draws 500/502/503.
const status5xx = z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]);
const retryAfter = z.number().int().min(0).nullable();

export const stormSchema = z
  .object({
    rate429: z.number().min(0).max(1).default(0),
    rate5xx: z.number().min(0).max(1).default(0),
    seed: z.number().int().default(1),
    /** Fixed 5xx status; by default each 5xx is drawn from 500, 502 and 503. */
    status5xx: status5xx.optional(),
    /** Retry-After on storm 429s; null = no header; default = the server's retryAfterSeconds. */
    retryAfterSeconds: retryAfter.optional(),
  })
  .strict()
  .refine((s) => s.rate429 + s.rate5xx <= 1, { message: 'rate429 + rate5xx must be at most 1' });

export const faultSettingsSchema = z
  .object({
    rateLimit: z.object({ count, retryAfterSeconds: retryAfter.optional() }).strict().optional(),
    fail: z.object({ count, status: status5xx.optional() }).strict().optional(),
    delay: z.object({ count, ms: z.number().int().min(0) }).strict().optional(),
    dropConnections: count.optional(),
    acceptThenDrop: count.optional(),
    storm: stormSchema.nullable().optional(),
  })
  .strict();

export type StormSettings = z.input<typeof stormSchema>;
export type FaultSettings = z.input<typeof faultSettingsSchema>;
export type FailStatus = z.infer<typeof status5xx>;

export type FaultAction =
  | { kind: 'status'; status: number; retryAfterSeconds: number | null }
  | { kind: 'drop' }
  | { kind: 'accept-then-drop' };

export interface FaultPlan {
  delayMs: number;
  action: FaultAction | null;
}

export interface FaultSnapshot {
  rateLimit: { count: number; retryAfterSeconds: number | null };
  fail: { count: number; status: FailStatus };
  delay: { count: number; ms: number };
  dropConnections: number;
  acceptThenDrop: number;
  storm: (z.infer<typeof stormSchema> & { draws: number }) | null;
}

export class Faults {
  private state!: FaultSnapshot;
  private rng: (() => number) | null = null;

  constructor(private readonly defaultRetryAfterSeconds: number | null) {
    this.reset();
  }

  /** Replaces each switch that is present (counts are set, not added). Throws on invalid input. */
  apply(input: FaultSettings): void {
    const s = faultSettingsSchema.parse(input);
    if (s.rateLimit) {
      this.state.rateLimit = { count: s.rateLimit.count, retryAfterSeconds: s.rateLimit.retryAfterSeconds === undefined ? this.defaultRetryAfterSeconds : s.rateLimit.retryAfterSeconds };
    }
    if (s.fail) this.state.fail = { count: s.fail.count, status: s.fail.status ?? 503 };
    if (s.delay) this.state.delay = { ...s.delay };
    if (s.dropConnections !== undefined) this.state.dropConnections = s.dropConnections;
    if (s.acceptThenDrop !== undefined) this.state.acceptThenDrop = s.acceptThenDrop;
    if (s.storm !== undefined) {
      this.state.storm = s.storm ? { ...s.storm, draws: 0 } : null;
      this.rng = s.storm ? mulberry32(s.storm.seed) : null;
    }
  }

  /** Decides what happens to the next ingest request and consumes the switches it uses. */
  take(): FaultPlan {
    const st = this.state;
    let delayMs = 0;
    if (st.delay.count > 0) {
      st.delay.count--;
      delayMs = st.delay.ms;
    }
    return { delayMs, action: this.takeAction() };
  }

  private takeAction(): FaultAction | null {
    const st = this.state;
    if (st.dropConnections > 0) {
      st.dropConnections--;
      return { kind: 'drop' };
    }
    if (st.rateLimit.count > 0) {
      st.rateLimit.count--;
      return { kind: 'status', status: 429, retryAfterSeconds: st.rateLimit.retryAfterSeconds };
    }
    if (st.fail.count > 0) {
      st.fail.count--;
      return { kind: 'status', status: st.fail.status, retryAfterSeconds: null };
    }
    if (st.acceptThenDrop > 0) {
      st.acceptThenDrop--;
      return { kind: 'accept-then-drop' };
    }
    return this.stormAction();
  }

  private stormAction(): FaultAction | null {
    const storm = this.state.storm;
    if (!storm || !this.rng) return null;
    // Always two draws per request, so the sequence of outcomes depends only on the seed and
    // the number of requests, not on which branch earlier requests took.
    const u = this.rng();
    const pick = this.rng();
    storm.draws++;
    if (u < storm.rate429) {
      const ra = storm.retryAfterSeconds === undefined ? this.defaultRetryAfterSeconds : storm.retryAfterSeconds;
      return { kind: 'status', status: 429, retryAfterSeconds: ra };
    }
    if (u < storm.rate429 + storm.rate5xx) {
      const status = storm.status5xx ?? ([500, 502, 503] as const)[Math.floor(pick * 3)]!;
      return { kind: 'status', status, retryAfterSeconds: null };
    }
    return null;
  }

  snapshot(): FaultSnapshot {
    return structuredClone(this.state);
  }

  reset(): void {
    this.state = {
      rateLimit: { count: 0, retryAfterSeconds: this.defaultRetryAfterSeconds },
      fail: { count: 0, status: 503 },
      delay: { count: 0, ms: 0 },
      dropConnections: 0,
      acceptThenDrop: 0,
      storm: null,
    };
    this.rng = null;
  }
}
