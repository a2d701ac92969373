import { probe } from '../connections/reachability';

export interface Target {
  name: string;
  url: string;
}

const PROBE_TIMEOUT_MS = 5_000;

/** The first target that does not answer, in words ("Snowflake: the name x does not resolve"), or null. */
export async function firstUnreachable(targets: readonly Target[]): Promise<string | null> {
  for (const target of targets) {
    let url: URL;
    try {
      url = new URL(target.url);
    } catch {
      continue; // not a network address (a file destination): nothing to wait for
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    const problem = await probe(url.href, PROBE_TIMEOUT_MS);
    if (problem) return `${target.name}: ${problem.detail}`;
  }
  return null;
}

export type WaitOutcome = { kind: 'reachable' } | { kind: 'aborted' } | { kind: 'gave-up'; problem: string };

/**
 * Resolves once every target answers a TCP connect, reporting each failed check through
 * `onWaiting`; or when `signal` aborts; or, still unreachable after `limitMs`, gives up with the
 * last problem.
 */
export async function waitUntilReachable(
  targets: readonly Target[],
  options: { retryMs: number; limitMs: number; signal: AbortSignal; onWaiting(problem: string): void },
): Promise<WaitOutcome> {
  const deadline = Date.now() + options.limitMs;
  for (;;) {
    if (options.signal.aborted) return { kind: 'aborted' };
    const problem = await firstUnreachable(targets);
    if (options.signal.aborted) return { kind: 'aborted' };
    if (!problem) return { kind: 'reachable' };
    if (Date.now() >= deadline) return { kind: 'gave-up', problem };
    options.onWaiting(problem);
    const aborted = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        options.signal.removeEventListener('abort', onAbort);
        resolve(false);
      }, options.retryMs);
      const onAbort = () => {
        clearTimeout(timer);
        resolve(true);
      };
      options.signal.addEventListener('abort', onAbort, { once: true });
    });
    if (aborted) return { kind: 'aborted' };
  }
}
