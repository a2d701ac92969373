import { customerIoBase, type CustomerIoSettings } from '../../../../shared/destinations/customerio';
import type { OutRecord } from '../../delivery/batcher';
import { encodeArray } from '../json-array';

/** Alias is not among the calls a batch may carry (§2.1): each goes on its own. */
export const sentAlone = (type: string): boolean => type === 'alias';

export function urlFor(type: string, s: CustomerIoSettings): string {
  return `${customerIoBase(s)}/v1/${sentAlone(type) ? type : 'batch'}`;
}

/**
 * Strict mode makes invalid calls come back as 400 with the errors; without it the API answers
 * 200 to anything, and a lost row would look sent.
 */
export function headersFor(authorization: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization, 'x-strict-mode': '1', 'user-agent': 'Floe' };
}

/** Basic auth: the API key as the user name, an empty password. */
export const basicAuth = (apiKey: string): string => `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
export const MASKED_AUTH = 'Basic ••••••';

/** Each call carries its type and Floe's row key as its messageId. */
const callFields = (type: string) => ({ names: ['messageId', 'type'], values: (r: OutRecord) => [r.idempotencyKey, type] });

/** Pure: a /v1/batch body. */
export function batchBody(batch: readonly OutRecord[], type: string): Buffer {
  return encodeArray(batch, callFields(type), '{"batch":', '}');
}

/** Pure: a single call's body (alias). */
export function callBody(record: OutRecord, type: string): Buffer {
  const array = encodeArray([record], callFields(type));
  // The array of one, without its brackets.
  return array.subarray(1, array.length - 1);
}
