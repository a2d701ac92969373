import type { AmplitudeSettings } from '../../../../shared/destinations/amplitude';
import { amplitudeBase } from '../../../../shared/destinations/amplitude';
import type { OutRecord } from '../../delivery/batcher';
import { encodeArray, payloadArray } from '../json-array';

/** Shown in place of the API key in previews. */
export const MASK = '••••••';

/** Where a data type's requests go. */
export function urlFor(dataType: string, s: AmplitudeSettings): string {
  const path = dataType === 'user-properties' ? '/identify' : dataType === 'group-properties' ? '/groupidentify' : s.api === 'batch' ? '/batch' : '/2/httpapi';
  return amplitudeBase(s) + path;
}

const INSERT_ID = { names: ['insert_id'], values: (r: OutRecord) => [r.idempotencyKey] };

/** Pure: a Batch / HTTP V2 body; every event carries Floe's row key as its insert_id, so Amplitude drops a repeat. */
export function eventsBody(batch: readonly OutRecord[], apiKey: string, s: AmplitudeSettings): Buffer {
  const head = `{"api_key":${JSON.stringify(apiKey)},"options":{"min_id_length":${s.minIdLength}},"events":`;
  return encodeArray(batch, INSERT_ID, head, '}');
}

/** Pure: an Identify / Group Identify body: form fields `api_key` and `identification` (a JSON array). */
export function identifyBody(batch: readonly OutRecord[], apiKey: string): string {
  return new URLSearchParams({ api_key: apiKey, identification: payloadArray(batch) }).toString();
}

export const EVENTS_HEADERS = { 'content-type': 'application/json', 'user-agent': 'Floe' } as const;
export const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Floe' } as const;
