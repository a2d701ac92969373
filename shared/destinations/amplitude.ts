import { z } from 'zod';
import type { DataType, DestinationDescriptor, FieldSpec } from './types';
import { EndpointOverride } from './endpoint';

/** Amplitude's hosts by data residency: an EU project must use the EU host. */
export const AMPLITUDE_HOSTS = { us: 'https://api2.amplitude.com', eu: 'https://api.eu.amplitude.com' } as const;

export const AmplitudeSettings = z.object({
  region: z.enum(['us', 'eu']).default('us'),
  /** Another base URL (a proxy, or a local fake): Floe appends /batch, /2/httpapi… to it. */
  endpoint: EndpointOverride,
  /** Events go through the Batch API (bigger requests, 1000 events/s per user) or HTTP V2 (30/s per user). */
  api: z.enum(['batch', 'httpapi']).default('batch'),
  /** Amplitude's `min_id_length`: user and device ids shorter than this are refused. */
  minIdLength: z.number().int().min(1).max(100).default(5),
  batchSize: z.number().int().min(1).max(2000).default(1000),
  concurrency: z.number().int().min(1).max(16).default(4),
  timeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
  maxAttempts: z.number().int().min(1).max(20).default(9),
  /** How long a user or device Amplitude throttled is paused: its guidance is 30 s. */
  throttlePauseSeconds: z.number().min(0.1).max(600).default(30),
});
export type AmplitudeSettings = z.infer<typeof AmplitudeSettings>;

/** The base URL requests go to. */
export function amplitudeBase(s: Pick<AmplitudeSettings, 'region' | 'endpoint'>): string {
  return (s.endpoint ?? AMPLITUDE_HOSTS[s.region]).replace(/\/+$/, '');
}

const ids: FieldSpec[] = [
  { target: 'user_id', summary: 'Your id for the user (at least 5 characters, unless you lower the minimum).', type: 'string', preset: true, suggest: ['USER_ID', 'USERID', 'CUSTOMER_ID', 'EXTERNAL_ID', 'ID'] },
  { target: 'device_id', summary: 'The device’s id; needed when there is no user id.', type: 'string', preset: true, suggest: ['DEVICE_ID', 'DEVICEID', 'ANONYMOUS_ID'] },
];

/** Fields every event and identify call may carry, as Amplitude documents them. */
const deviceFields: FieldSpec[] = [
  'app_version', 'platform', 'os_name', 'os_version', 'device_brand', 'device_manufacturer', 'device_model', 'carrier',
  'country', 'region', 'city', 'dma', 'language',
].map((target) => ({ target, summary: `The ${target.replace(/_/g, ' ')}.`, type: 'string' as const, suggest: [target.toUpperCase()] }));

const events: DataType = {
  id: 'events',
  label: 'Events',
  summary: 'Each row becomes one event, deduplicated by Floe’s row key as its insert_id.',
  operations: ['upsert'],
  preset: { rules: [], passThrough: true, passThroughTo: 'event_properties' },
  fields: [
    ...ids,
    { target: 'event_type', summary: 'The event’s name.', type: 'string', required: true, preset: true, suggest: ['EVENT_TYPE', 'EVENT_NAME', 'EVENT', 'NAME', 'ACTION'] },
    { target: 'time', summary: 'When it happened (sent as milliseconds since 1970).', type: 'epoch-ms', preset: true, suggest: ['TIME', 'EVENT_TIME', 'EVENT_TIMESTAMP', 'TIMESTAMP', 'OCCURRED_AT', 'CREATED_AT'] },
    { target: 'event_properties', summary: 'An object of properties of the event.', type: 'json', preset: true, suggest: ['EVENT_PROPERTIES', 'PROPERTIES'] },
    { target: 'user_properties', summary: 'An object of properties of the user, set with the event.', type: 'json', suggest: ['USER_PROPERTIES'] },
    { target: 'groups', summary: 'An object of group type → group value, e.g. {"company":"acme"}.', type: 'json', suggest: ['GROUPS'] },
    { target: 'session_id', summary: 'The session’s start time in milliseconds (-1 for none).', type: 'integer', suggest: ['SESSION_ID'] },
    { target: 'revenue', summary: 'Revenue of the event (price × quantity when both are sent).', type: 'number', suggest: ['REVENUE'] },
    { target: 'price', summary: 'Price of the item bought.', type: 'number', suggest: ['PRICE'] },
    { target: 'quantity', summary: 'Quantity bought (default 1).', type: 'integer', suggest: ['QUANTITY'] },
    { target: 'productId', summary: 'Id of the product bought.', type: 'string', suggest: ['PRODUCT_ID'] },
    { target: 'revenueType', summary: 'Type of revenue, e.g. refund.', type: 'string', suggest: ['REVENUE_TYPE'] },
    { target: 'location_lat', summary: 'Latitude.', type: 'number', suggest: ['LATITUDE', 'LAT'] },
    { target: 'location_lng', summary: 'Longitude.', type: 'number', suggest: ['LONGITUDE', 'LNG', 'LON'] },
    { target: 'ip', summary: 'The IP address, for location.', type: 'string', suggest: ['IP', 'IP_ADDRESS'] },
    ...deviceFields,
  ],
  oneOf: [['user_id', 'device_id']],
  passThroughTo: ['event_properties', 'user_properties'],
};

const userProperties: DataType = {
  id: 'user-properties',
  label: 'User properties',
  summary: 'Each row sets properties of one user through the Identify API.',
  operations: ['upsert'],
  preset: { rules: [], passThrough: true, passThroughTo: 'user_properties' },
  fields: [
    ...ids,
    { target: 'user_properties', summary: 'An object of the user’s properties (or $set, $unset… operations).', type: 'json', preset: true, suggest: ['USER_PROPERTIES', 'ATTRIBUTES', 'PROPERTIES', 'TRAITS'] },
    { target: 'groups', summary: 'An object of group type → group value the user belongs to.', type: 'json', suggest: ['GROUPS'] },
    { target: 'paying', summary: 'Whether the user has paid.', type: 'string', suggest: ['PAYING'] },
    { target: 'start_version', summary: 'The app version the user started on.', type: 'string', suggest: ['START_VERSION'] },
    ...deviceFields,
  ],
  oneOf: [['user_id', 'device_id']],
  passThroughTo: ['user_properties'],
};

const groupProperties: DataType = {
  id: 'group-properties',
  label: 'Group properties',
  summary: 'Each row sets properties of one group (an account, a company) through the Group Identify API.',
  operations: ['upsert'],
  preset: { rules: [], passThrough: true, passThroughTo: 'group_properties' },
  fields: [
    { target: 'group_type', summary: 'The kind of group, e.g. company.', type: 'string', required: true, preset: true, suggest: ['GROUP_TYPE'] },
    { target: 'group_value', summary: 'The group’s id, e.g. acme.', type: 'string', required: true, preset: true, suggest: ['GROUP_VALUE', 'GROUP_ID', 'ACCOUNT_ID', 'COMPANY_ID'] },
    { target: 'group_properties', summary: 'An object of the group’s properties.', type: 'json', preset: true, suggest: ['GROUP_PROPERTIES', 'PROPERTIES', 'ATTRIBUTES', 'TRAITS'] },
  ],
  passThroughTo: ['group_properties'],
};

export const amplitude: DestinationDescriptor<AmplitudeSettings> = {
  kind: 'amplitude',
  label: 'Amplitude',
  summary: 'Events, user properties and group properties in an Amplitude project.',
  settings: AmplitudeSettings,
  secretFields: () => ['apiKey'],
  target: (s) => `${amplitudeBase(s)} (${s.endpoint ? 'custom endpoint' : s.region === 'eu' ? 'EU' : 'US'}, ${s.api === 'batch' ? 'Batch API' : 'HTTP V2 API'})`,
  endpoint: (s) => amplitudeBase(s),
  dataTypes: [events, userProperties, groupProperties],
};
