import type { DataType } from '../../../../shared/destinations';
import type { RecordShaper } from '../types';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** ISO-8601 date-time, as the API's `timestamp` takes it. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Fields that must be text: Customer.io ids are strings, and a NUMBER column gives a number. */
const TEXT_FIELDS = ['userId', 'anonymousId', 'groupId', 'previousId', 'event', 'name'] as const;

/** The object each call carries its data in. */
const DATA_FIELD: Record<string, string> = { identify: 'traits', group: 'traits', track: 'properties', page: 'properties', screen: 'properties' };

/**
 * The checks Customer.io's strict mode makes of one call (its OpenAPI file and §2.3), made
 * before it is sent: ids and names as text, the required ones present, the timestamp ISO-8601,
 * traits and properties objects. Null fields at the top level are dropped: the API takes a
 * missing id, not a null one.
 */
export function customerIoShaper(dataType: DataType): RecordShaper {
  const type = dataType.id;
  const required = dataType.fields.filter((f) => f.required).map((f) => f.target);
  const someone = dataType.oneOf ?? [];
  return {
    check(payload) {
      for (const key of Object.keys(payload)) if (payload[key] === null || payload[key] === undefined) delete payload[key];
      for (const field of TEXT_FIELDS) {
        const value = payload[field];
        if (typeof value === 'number' || typeof value === 'bigint') payload[field] = String(value);
        else if (value !== undefined && typeof value !== 'string') return `${field} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`;
        if (payload[field] === '') delete payload[field];
      }
      for (const field of required) {
        if (payload[field] === undefined) return `${field} is required for ${type} calls: map a column to it (and make sure it is not null)`;
      }
      // Customer.io's API file takes a known person or an anonymous one, not both: the user id wins.
      if (payload.userId !== undefined && type !== 'alias') delete payload.anonymousId;
      for (const group of someone) {
        if (group.every((field) => payload[field] === undefined)) return `${group.join(' or ')} is required: map a column to one of them (and make sure it is not null)`;
      }
      const timestamp = payload.timestamp;
      if (timestamp !== undefined && (typeof timestamp !== 'string' || !ISO.test(timestamp) || Number.isNaN(Date.parse(timestamp)))) {
        return `timestamp must be an ISO-8601 date and time, not ${JSON.stringify(timestamp)}: map it with type timestamp`;
      }
      const data = DATA_FIELD[type];
      if (data && payload[data] !== undefined && !isObject(payload[data])) {
        return `${data} must be an object (map a VARIANT/OBJECT column with type json), not ${Array.isArray(payload[data]) ? 'a list' : typeof payload[data]}`;
      }
      return null;
    },
  };
}
