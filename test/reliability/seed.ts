/**
 * Seeds for the reliability suite. Every random choice a test makes comes from one seeded
 * generator, so a failure is replayed by running the test again with the seed it printed:
 * `FLOE_SEED=<seed> npm run test:reliability`.
 */

/** The suite's seed: FLOE_SEED when set (to replay a run), else a fixed default. */
export function suiteSeed(fallback = 20_150_015): number {
  const given = process.env.FLOE_SEED;
  if (given === undefined || given.trim() === '') return fallback;
  const seed = Number(given);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) throw new Error(`FLOE_SEED must be a whole number from 0 to 4294967295, not "${given}".`);
  return seed;
}

/** A seed of its own for one part of a test (a channel, a command), so each part replays alone. */
export function seedFor(seed: number, part: string): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export interface Random {
  /** [0, 1) */
  next(): number;
  /** A whole number in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: small, fast and good enough to drive a fuzzer; not for anything secret. */
export function random(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, chance: (p) => next() < p, pick: (items) => items[int(items.length)]! };
}

/** The line a test prints so its run can be replayed. */
export const replayLine = (seed: number) => `seed ${seed} (replay: FLOE_SEED=${seed} npm run test:reliability)`;
