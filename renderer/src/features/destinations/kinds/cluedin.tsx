import { CluedInSettings, WHERE_THE_URL_IS } from '../../../../../shared/destinations';
import { Field, TextField } from '../../../components/field';
import { DeliveryFields, numberText, rangeProblems } from './saas-fields';
import { oneOf, text, type FieldsProps, type KindForm } from './types';

interface CluedInValues {
  url: string;
  entityType: string;
  tombstones: boolean;
  format: 'json' | 'ndjson';
  gzip: boolean;
  batchSize: string;
  concurrency: string;
}

const RANGES = { batchSize: [500, 5000], concurrency: [1, 8] } as const;

function CluedInFields({ values: v, set, errors }: FieldsProps<CluedInValues>) {
  return (
    <>
      <TextField
        id="destination-url"
        label="Ingestion endpoint URL"
        type="url"
        mono
        placeholder="https://cluedin.example.com/upload/api/endpoint/…"
        value={v.url}
        onChange={(url) => set({ url })}
        error={errors.url}
        hint={`${WHERE_THE_URL_IS}: the POST URL, https://<host>/upload/api/endpoint/<endpoint id>.`}
      />
      <TextField
        id="destination-entity-type"
        label="Entity type"
        mono
        placeholder="Customer"
        value={v.entityType}
        onChange={(entityType) => set({ entityType })}
        error={errors.entityType}
        hint="The type every record of this destination gets, e.g. Customer or /Organization."
      />
      <p className="field-hint">
        Each row becomes one record {'{externalId, type, timestamp, properties}'}. Its externalId is the sync’s primary key, so a sync to CluedIn needs one: the same key is the same
        entity. A 200 only means CluedIn received the records; it processes them later, so a record it cannot map shows in its processing logs, not as a rejected row here. Each
        answer’s receipt id is kept with the run.
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={v.tombstones} onChange={(e) => set({ tombstones: e.target.checked })} />
        Send deletes as tombstones
      </label>
      <p className="field-hint">
        {v.tombstones
          ? 'A changed-rows sync sends each row gone from the query as {externalId, type, deleted: true, timestamp}; CluedIn’s processing rules decide what it does with it.'
          : 'Rows gone from the query are not sent: their entities stay in CluedIn as they were.'}
      </p>
      <Field id="destination-format" label="Body format" error={errors.format}>
        <select id="destination-format" className="input" value={v.format} onChange={(e) => set({ format: e.target.value as CluedInValues['format'] })}>
          <option value="json">JSON array</option>
          <option value="ndjson">NDJSON (one record per line)</option>
        </select>
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={v.gzip} onChange={(e) => set({ gzip: e.target.checked })} />
        Compress request bodies with gzip
      </label>
      <p className="field-hint">
        Send test record (in the list, once saved) posts one real record, externalId floe-test-record, and CluedIn stores it: an ingestion endpoint has no dry run. Its note says it is
        Floe’s test and safe to delete.
      </p>
      <DeliveryFields
        values={v}
        set={set}
        errors={errors}
        batch={{ label: 'Records per request', hint: '500 to 5,000, as CluedIn advises. A request also stays under 8 MB.' }}
        concurrencyHint="1 to 8."
      />
    </>
  );
}

/** The descriptor's defaults for everything but the two settings a user must give. */
const d = CluedInSettings.omit({ url: true, entityType: true }).parse({});

function fromSettings(s: Record<string, unknown>): CluedInValues {
  return {
    url: text(s, 'url', ''),
    entityType: text(s, 'entityType', ''),
    tombstones: typeof s.tombstones === 'boolean' ? s.tombstones : d.tombstones,
    format: oneOf(s, 'format', ['json', 'ndjson'], d.format),
    gzip: typeof s.gzip === 'boolean' ? s.gzip : d.gzip,
    batchSize: numberText(s, 'batchSize', d.batchSize),
    concurrency: numberText(s, 'concurrency', d.concurrency),
  };
}

/** The URL's and entity type's problems, by the descriptor's own checks. */
function textProblems(v: CluedInValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const url = CluedInSettings.shape.url.safeParse(v.url);
  if (!v.url.trim()) errors.url = `Paste the ingestion endpoint’s POST URL (${WHERE_THE_URL_IS}).`;
  else if (!url.success) errors.url = url.error.issues[0]!.message;
  const type = CluedInSettings.shape.entityType.safeParse(v.entityType);
  if (!type.success) errors.entityType = type.error.issues[0]!.message;
  return errors;
}

export const cluedinForm: KindForm<CluedInValues> = {
  kind: 'cluedin',
  blank: fromSettings({}),
  fromSettings,
  toSettings: (v, kept) => ({
    ...kept,
    url: v.url.trim(),
    entityType: v.entityType.trim(),
    tombstones: v.tombstones,
    format: v.format,
    gzip: v.gzip,
    batchSize: Number(v.batchSize),
    concurrency: Number(v.concurrency),
  }),
  problems: (v) => ({ ...textProblems(v), ...rangeProblems(v, RANGES) }),
  secrets: () => [
    {
      field: 'token',
      label: 'API token',
      missing: 'Paste an API token with the right to ingest.',
      where: 'In CluedIn: Administration → API Tokens; a token with the right to ingest. Floe sends it as Authorization: Bearer.',
    },
  ],
  fields: ['url', 'entityType', 'tombstones', 'format', 'gzip', 'batchSize', 'concurrency'],
  namePlaceholder: 'CluedIn customers',
  testEvent: 'One real record, externalId floe-test-record, of the destination’s entity type, with the saved URL and token. CluedIn stores it (there is no dry run); its answer’s receipt id is below.',
  testNoun: 'record',
  testStores: 'Store floe-test-record in CluedIn',
  Fields: CluedInFields,
};
