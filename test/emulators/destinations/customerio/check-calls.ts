import { validateCustomerIoBatchItem, validateCustomerIoBody } from '../../../helpers/customerio-openapi';
import type { CallType, JsonObject } from './types';

// One call's contract (destinations.md §2.3–2.4), pure: the OpenAPI file's schema for it, read
// with oneOf as anyOf (README: "Where the SDK wins"), plus the rules the file cannot say. Each
// line starts with where the problem is: `batch[3]` for a batch item, so a client can map it
// back, or nothing for a single call.

/** 32 KB a call (the official Python library's MAX_MSG_SIZE is 32 << 10). */
export const MAX_CALL_BYTES = 32 * 1024;
/** 500 KB a batch request, read as 500 × 1024 (after gunzip). */
export const MAX_BATCH_BYTES = 500 * 1024;

export const CALL_TYPES: readonly CallType[] = ['identify', 'track', 'page', 'screen', 'group', 'alias'];

// RFC 3339 date-time (ISO-8601 with a zone), the `format: date-time` the file gives timestamps.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const filled = (v: unknown): boolean => typeof v === 'string' && v !== '';

export const isIsoDateTime = (v: unknown): boolean => typeof v === 'string' && ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v));

/** `where` prefixes every line: `batch[3]: …`, or nothing for a single call. */
const at = (where: string | null, message: string): string => (where ? `${where}: ${message}` : message);

/** The rules that are not in the schema (or that it states too loosely to name the field). */
export function semanticProblems(call: JsonObject, type: CallType, where: string | null): string[] {
  const out: string[] = [];
  const person = filled(call.userId) || filled(call.anonymousId);
  if (type === 'identify' || type === 'page' || type === 'screen') {
    if (!person) out.push(at(where, `${type} needs a userId or an anonymousId`));
  }
  if (type === 'track') {
    // An object event names a groupId instead of a person (the file's "Group" track branch).
    if (!person && !filled(call.groupId)) out.push(at(where, 'track needs a userId, an anonymousId or a groupId'));
    if (!filled(call.event)) out.push(at(where, 'track needs an event name'));
  }
  if (type === 'group' && !filled(call.groupId)) out.push(at(where, 'group needs a groupId'));
  if (type === 'alias') {
    if (!filled(call.previousId)) out.push(at(where, 'alias needs a previousId'));
    if (!filled(call.userId)) out.push(at(where, 'alias needs a userId'));
  }
  if (call.timestamp !== undefined && !isIsoDateTime(call.timestamp)) {
    out.push(at(where, `timestamp must be an ISO-8601 date-time with a zone, got ${JSON.stringify(call.timestamp)}`));
  }
  return out;
}

/**
 * Once the rules above hold, a nested alternative (the context's mobile or non-mobile shape)
 * still adds Ajv's summary line to the lines that say what is wrong; it is kept only when it
 * is all there is.
 */
function tidy(lines: string[]): string[] {
  const kept = lines.filter((l) => !/: must match a schema in anyOf$/.test(l));
  return kept.length ? kept : lines;
}

/** Problems of one call sent to its own endpoint; `call.type` is already filled in. */
export function singleCallProblems(call: JsonObject, type: CallType): string[] {
  const semantic = semanticProblems(call, type, null);
  // Schema lines would repeat the semantic ones in Ajv's words: one voice per call is enough.
  return semantic.length ? semantic : tidy(validateCustomerIoBody(`/${type}`, call, { oneOfAsAnyOf: true }));
}

/** Problems of one `/v1/batch` item; `strict` refuses alias, which the file leaves out of batches. */
export function batchItemProblems(item: unknown, index: number, strict: boolean): string[] {
  const where = `batch[${index}]`;
  if (!isObject(item)) return [`${where}: must be a JSON object`];
  const type = item.type;
  if (type === undefined) return [`${where}: type is required in a batch item`];
  if (!CALL_TYPES.includes(type as CallType)) return [`${where}: type must be one of ${CALL_TYPES.join(', ')}, got ${JSON.stringify(type)}`];
  if (type === 'alias' && strict) return [`${where}: alias is not accepted in /v1/batch in strict mode; send it to /v1/alias`];
  const out: string[] = [];
  const bytes = Buffer.byteLength(JSON.stringify(item));
  if (bytes > MAX_CALL_BYTES) out.push(`${where}: call is ${bytes} bytes; a call may be at most ${MAX_CALL_BYTES} (32 KB)`);
  const semantic = semanticProblems(item, type as CallType, where);
  out.push(...(semantic.length ? semantic : tidy(validateCustomerIoBatchItem(item, index, { oneOfAsAnyOf: true }))));
  return out;
}

/** The batch envelope (`context`, `integrations`) against the file, without its items. */
export function batchEnvelopeProblems(body: JsonObject): string[] {
  return tidy(validateCustomerIoBody('/batch', { ...body, batch: [] }, { oneOfAsAnyOf: true }));
}
