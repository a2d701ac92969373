/** Where core reads the time: the system clock, or a controllable one in tests (sleep, clock jumps). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
