import { z } from 'zod';
import type { DataType, DestinationDescriptor, FieldSpec } from './types';
import { EndpointOverride } from './endpoint';

/** Customer.io Data Pipelines' hosts by region (only the subdomain differs). */
export const CUSTOMERIO_HOSTS = { us: 'https://cdp.customer.io', eu: 'https://cdp-eu.customer.io' } as const;

export const CustomerIoSettings = z.object({
  region: z.enum(['us', 'eu']).default('us'),
  /** Another base URL (a proxy, or a local fake): Floe appends /v1/batch… to it. */
  endpoint: EndpointOverride,
  batchSize: z.number().int().min(1).max(2500).default(500),
  concurrency: z.number().int().min(1).max(16).default(4),
  timeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
  maxAttempts: z.number().int().min(1).max(20).default(9),
});
export type CustomerIoSettings = z.infer<typeof CustomerIoSettings>;

export function customerIoBase(s: Pick<CustomerIoSettings, 'region' | 'endpoint'>): string {
  return (s.endpoint ?? CUSTOMERIO_HOSTS[s.region]).replace(/\/+$/, '');
}

const userId: FieldSpec = { target: 'userId', summary: 'Your id for the person.', type: 'string', preset: true, suggest: ['USER_ID', 'USERID', 'CUSTOMER_ID', 'PERSON_ID', 'EXTERNAL_ID', 'ID'] };
const anonymousId: FieldSpec = { target: 'anonymousId', summary: 'An id for someone not identified yet; sent only for rows without a user id (Customer.io takes one or the other).', type: 'string', preset: true, suggest: ['ANONYMOUS_ID', 'ANON_ID'] };
const timestamp = (suggest: string[]): FieldSpec => ({ target: 'timestamp', summary: 'When it happened (ISO-8601); backdates the call.', type: 'timestamp', preset: true, suggest });
const person = [userId, anonymousId];
const someone = [['userId', 'anonymousId']] as const;

/** Calls are Segment-compatible; each type is one data type, its preset holding its required fields. */
const identify: DataType = {
  id: 'identify',
  label: 'People (identify)',
  summary: 'Each row creates or updates one person with its traits.',
  operations: ['upsert'],
  preset: { rules: [], passThrough: true, passThroughTo: 'traits' },
  fields: [
    ...person,
    { target: 'traits.email', summary: 'The person’s email address.', type: 'string', preset: true, suggest: ['EMAIL', 'EMAIL_ADDRESS'] },
    { target: 'traits.created_at', summary: 'When the person signed up (ISO-8601).', type: 'timestamp', suggest: ['CREATED_AT', 'SIGNED_UP_AT'] },
    { target: 'traits', summary: 'An object of the person’s traits.', type: 'json', suggest: ['TRAITS', 'ATTRIBUTES'] },
    timestamp(['UPDATED_AT', 'TIMESTAMP']),
  ],
  oneOf: someone,
  passThroughTo: ['traits'],
};

const track: DataType = {
  id: 'track',
  label: 'Events (track)',
  summary: 'Each row becomes one event of a person.',
  operations: ['upsert'],
  preset: { rules: [], passThrough: true, passThroughTo: 'properties' },
  fields: [
    ...person,
    { target: 'event', summary: 'The event’s name.', type: 'string', required: true, preset: true, suggest: ['EVENT', 'EVENT_NAME', 'EVENT_TYPE', 'NAME', 'ACTION'] },
    { target: 'properties', summary: 'An object of the event’s properties.', type: 'json', preset: true, suggest: ['PROPERTIES', 'EVENT_PROPERTIES'] },
    timestamp(['TIMESTAMP', 'EVENT_TIMESTAMP', 'EVENT_TIME', 'OCCURRED_AT', 'CREATED_AT']),
  ],
  oneOf: someone,
  passThroughTo: ['properties'],
};

const group: DataType = {
  id: 'group',
  label: 'Objects (group)',
  summary: 'Each row relates a person to an object (an account, a company), creating or updating the object.',
  operations: ['upsert'],
  preset: { rules: [], passThrough: true, passThroughTo: 'traits' },
  fields: [
    { target: 'groupId', summary: 'The object’s id.', type: 'string', required: true, preset: true, suggest: ['GROUP_ID', 'ACCOUNT_ID', 'COMPANY_ID', 'OBJECT_ID', 'ID'] },
    ...person,
    { target: 'traits.object_type_id', summary: 'The object type’s id in Customer.io (1 by default).', type: 'string', suggest: ['OBJECT_TYPE_ID'] },
    { target: 'traits', summary: 'An object of the object’s traits.', type: 'json', suggest: ['TRAITS', 'ATTRIBUTES', 'PROPERTIES'] },
    timestamp(['UPDATED_AT', 'TIMESTAMP']),
  ],
  oneOf: someone,
  passThroughTo: ['traits'],
};

const view = (id: 'page' | 'screen', name: string[]): DataType => ({
  id,
  label: id === 'page' ? 'Page views (page)' : 'Screen views (screen)',
  summary: `Each row becomes one ${id} view of a person.`,
  operations: ['upsert'],
  preset: { rules: [], passThrough: true, passThroughTo: 'properties' },
  fields: [
    ...person,
    { target: 'name', summary: `The ${id}’s name.`, type: 'string', preset: true, suggest: name },
    { target: 'properties', summary: `An object of the view’s properties${id === 'page' ? ' (url, title, referrer, path…)' : ''}.`, type: 'json', suggest: ['PROPERTIES'] },
    timestamp(['VIEWED_AT', 'TIMESTAMP', 'EVENT_TIMESTAMP', 'CREATED_AT']),
  ],
  oneOf: someone,
  passThroughTo: ['properties'],
});

const alias: DataType = {
  id: 'alias',
  label: 'Merge people (alias)',
  summary: 'Each row merges a previous id into a person’s profile (sent one call at a time).',
  operations: ['upsert'],
  preset: { rules: [], passThrough: false },
  fields: [
    { ...userId, required: true },
    { target: 'previousId', summary: 'The id merged into the person (an anonymous id or an old user id).', type: 'string', required: true, preset: true, suggest: ['PREVIOUS_ID', 'OLD_USER_ID', 'ANONYMOUS_ID'] },
    timestamp(['MERGED_AT', 'UPDATED_AT', 'TIMESTAMP']),
  ],
  passThroughTo: [],
};

export const customerio: DestinationDescriptor<CustomerIoSettings> = {
  kind: 'customerio',
  label: 'Customer.io',
  summary: 'People, events, objects, page and screen views in a Customer.io workspace (Data Pipelines).',
  settings: CustomerIoSettings,
  secretFields: () => ['apiKey'],
  target: (s) => `${customerIoBase(s)}/v1 (${s.endpoint ? 'custom endpoint' : s.region === 'eu' ? 'EU' : 'US'})`,
  endpoint: (s) => customerIoBase(s),
  dataTypes: [identify, track, group, view('page', ['PAGE_NAME', 'NAME', 'PAGE_PATH', 'PATH']), view('screen', ['SCREEN_NAME', 'NAME', 'SCREEN']), alias],
};
