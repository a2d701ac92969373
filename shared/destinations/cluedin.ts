import { z } from 'zod';
import { plainHttpElsewhere } from '../url';
import type { DataType, DestinationDescriptor } from './types';

/** `…/upload/api/endpoint/<GUID>`: the path CluedIn's "View instructions" shows (destinations.md §4). */
const INGESTION_PATH = /\/upload\/api\/endpoint\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;

/** A URL's path, by its text (shared code has no URL class in every build). */
const pathOf = (url: string): string => /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url)?.[1] ?? '';

/** Where the URL of an ingestion endpoint is found, for every message about it. */
export const WHERE_THE_URL_IS = 'CluedIn → Ingestion → Endpoints → your endpoint → View instructions';

export const CluedInSettings = z.object({
  /** The ingestion endpoint's POST URL, as CluedIn shows it: https://<host>/upload/api/endpoint/<GUID>. */
  url: z
    .string()
    .trim()
    // abort: one message for text that is not a URL, not three.
    .url({ message: 'Enter the endpoint’s full POST URL, starting with https://', abort: true })
    .refine((u) => INGESTION_PATH.test(pathOf(u)), `Paste the ingestion endpoint’s POST URL (${WHERE_THE_URL_IS}): https://<host>/upload/api/endpoint/<endpoint id>.`)
    .refine((u) => /^https?:\/\//i.test(u) && !plainHttpElsewhere(u), 'Use the https:// URL: the API token must not travel unencrypted (http:// only for this computer).'),
  /** The entity type every record gets (seed 004's `type`), e.g. Customer. */
  entityType: z
    .string()
    .trim()
    .min(1, 'Enter the entity type the records become, e.g. Customer.')
    .max(100)
    .regex(/^[A-Za-z0-9_/.-]+$/, 'An entity type is letters, digits and _ / . - (e.g. Customer or /Organization).'),
  /** A changed-rows sync sends a tombstone `{externalId, type, deleted: true, timestamp}` for a row gone from the query. */
  tombstones: z.boolean().default(true),
  /** JSON array (what CluedIn documents) or NDJSON (one record a line, seed 004's high-volume shape). */
  format: z.enum(['json', 'ndjson']).default('json'),
  /** gzip bodies (seed 004: "gzip-compressed"; CluedIn's own Data Factory guide requires it). */
  gzip: z.boolean().default(true),
  /** Records per request: seed 004 advises 500–5,000. */
  batchSize: z.number().int().min(500, 'CluedIn takes 500 to 5,000 records per request.').max(5000, 'CluedIn takes 500 to 5,000 records per request.').default(1000),
  concurrency: z.number().int().min(1).max(8).default(2),
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  maxAttempts: z.number().int().min(1).max(20).default(9),
});
export type CluedInSettings = z.infer<typeof CluedInSettings>;

/** The host and endpoint id of a URL, for lists: "cluedin.example.com, endpoint 9A327661…". */
export function cluedinEndpointId(url: string): string {
  return INGESTION_PATH.exec(pathOf(url))?.[1] ?? '';
}

const entities: DataType = {
  id: 'entities',
  label: 'Entities',
  summary: 'Each row becomes one entity record { externalId, type, timestamp, properties }; its externalId is the row’s primary key.',
  operations: ['upsert', 'delete'],
  preset: { rules: [], passThrough: true, passThroughTo: 'properties' },
  fields: [
    {
      target: 'timestamp',
      summary: 'When the row last changed in your system of record, so CluedIn knows which version is newest (seed 004: “always send your last changed timestamp”).',
      type: 'timestamp',
      required: true,
      preset: true,
      suggest: ['UPDATED_AT', 'LAST_MODIFIED', 'LAST_MODIFIED_AT', 'MODIFIED_AT', 'CHANGED_AT', 'LAST_UPDATED', 'UPDATED', 'TIMESTAMP', 'CREATED_AT'],
    },
    { target: 'properties', summary: 'An object of the entity’s properties (at most 490; names with spaces or dots become _).', type: 'json', suggest: ['PROPERTIES', 'ATTRIBUTES'] },
  ],
  passThroughTo: ['properties'],
  needsPrimaryKey: 'CluedIn identifies each entity by its externalId, which Floe takes from the primary key: a row without one would become a new entity each time it changes.',
};

export const cluedin: DestinationDescriptor<CluedInSettings> = {
  kind: 'cluedin',
  label: 'CluedIn',
  summary: 'Entity records posted to a CluedIn ingestion endpoint, deletes as tombstones.',
  settings: CluedInSettings,
  secretFields: () => ['token'],
  target: (s) => `POST ${s.url} (${s.entityType})`,
  endpoint: (s) => s.url,
  dataTypes: [entities],
};
