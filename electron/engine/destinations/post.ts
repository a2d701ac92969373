import { Agent, request } from 'undici';
import { DeliveryError } from './types';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One request to a SaaS API, bounded by its own timeout (a session may wait between requests,
 * for a throttled user, so no timeout spans a whole batch). A request that gets no answer is a
 * retryable DeliveryError; a cancelled run's abort passes through as it is.
 */
export async function post(
  dispatcher: Agent,
  url: string,
  init: { headers: Record<string, string>; body: Buffer | string; timeoutMs: number },
  signal: AbortSignal,
): Promise<Answer> {
  const attempt = AbortSignal.any([signal, AbortSignal.timeout(init.timeoutMs)]);
  try {
    const response = await request(url, { method: 'POST', headers: init.headers, body: init.body, signal: attempt, dispatcher });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, text };
  } catch (error) {
    if (signal.aborted) throw error;
    if (attempt.aborted) throw new DeliveryError(`no answer from ${new URL(url).host} within ${Math.round(init.timeoutMs / 1000)} s`, true);
    throw new DeliveryError(`could not reach ${new URL(url).host}: ${(error as Error).message}`, true);
  }
}

/** A keep-alive pool for one run, as wide as its batch concurrency. */
export function pool(concurrency: number, timeoutMs: number): Agent {
  return new Agent({ connections: concurrency, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
}

/** A response body shortened for a message. */
export const snippet = (text: string, max = 300): string => text.replace(/\s+/g, ' ').trim().slice(0, max);

/** Parses a JSON answer, or undefined when it is not JSON. */
export function jsonOf(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
