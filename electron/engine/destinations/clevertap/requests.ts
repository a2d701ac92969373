import { clevertapBase, type CleverTapSettings } from '../../../../shared/destinations/clevertap';
import type { OutRecord } from '../../delivery/batcher';
import { encodeArray } from '../json-array';
import { FLOE_ID } from './checks';

/** Shown in place of the passcode in previews. */
export const MASK = '••••••';

export const UPLOAD_PATH = '/1/upload';

/** The upload URL; `dryRun` asks CleverTap to check the records and store none (§3.3). */
export function uploadUrl(s: Pick<CleverTapSettings, 'region' | 'endpoint'>, dryRun = false): string {
  return `${clevertapBase(s)}${UPLOAD_PATH}${dryRun ? '?dryRun=1' : ''}`;
}

/** §3.2: the account and its passcode in headers, JSON in UTF-8. */
export function headersFor(accountId: string, passcode: string): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'x-clevertap-account-id': accountId,
    'x-clevertap-passcode': passcode,
    'user-agent': 'Floe',
  };
}

/** A record's `type` for a data type: profiles are "profile", events "event". */
export const recordType = (dataType: string): 'event' | 'profile' => (dataType === 'events' ? 'event' : 'profile');

const EVENT_DATA = '{"evtData":{';

/**
 * An event with Floe's key for it as evtData.floe_id. CleverTap has no idempotency key, so a batch
 * whose answer was lost and is sent again may be stored twice; this is how the copies are found.
 * The key is the row's idempotency key rather than its row key: it is the digest of the sync, the
 * row's key and its content, so two events with the same floe_id are the same row sent twice (a
 * duplicate), while a row whose content changed, legitimately sent again, gets a new one. Keyless
 * syncs have no row key worth the name either (it is this digest). It is added here, not when the
 * row is mapped, because it is computed from the mapped payload, in the run thread.
 *
 * The checks keep an event's top level to CleverTap's fields, so its canonical JSON starts with
 * evtData: the key is spliced in as the object's first member. Anything else is rebuilt.
 */
function withFloeId(record: OutRecord): OutRecord {
  const key = record.idempotencyKey;
  const json = record.json ?? JSON.stringify(record.payload);
  let text: string;
  if (json.startsWith(EVENT_DATA)) {
    const rest = json.slice(EVENT_DATA.length);
    text = `${EVENT_DATA}"${FLOE_ID}":${JSON.stringify(key)}${rest.startsWith('}') ? '' : ','}${rest}`;
  } else {
    const payload = record.payload;
    const data = payload.evtData !== null && typeof payload.evtData === 'object' && !Array.isArray(payload.evtData) ? payload.evtData : {};
    const others = Object.entries(data).filter(([name]) => name !== FLOE_ID);
    text = JSON.stringify({ ...payload, evtData: Object.fromEntries([[FLOE_ID, key], ...others]) });
  }
  return {
    rowKey: record.rowKey,
    idempotencyKey: key,
    op: record.op,
    hash: record.hash,
    watermark: record.watermark,
    source: null,
    bytes: record.bytes,
    fields: record.fields,
    json: text,
    get payload() {
      return JSON.parse(text) as Record<string, unknown>;
    },
  };
}

/**
 * Pure: an upload body `{"d":[…]}`: each record with its `type`, each event with its floe_id.
 * At most 1000 records (the batch size's bound).
 */
export function uploadBody(batch: readonly OutRecord[], dataType: string): Buffer {
  const type = recordType(dataType);
  const records = type === 'event' ? batch.map(withFloeId) : batch;
  return encodeArray(records, { names: ['type'], values: () => [type] }, '{"d":', '}');
}
