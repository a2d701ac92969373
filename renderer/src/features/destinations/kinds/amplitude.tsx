import { AMPLITUDE_HOSTS, AmplitudeSettings } from '../../../../../shared/destinations';
import { Field } from '../../../components/field';
import { DeliveryFields, EndpointField, endpointSetting, NumberField, rangeProblems, numberText, RegionField, type Region } from './saas-fields';
import { oneOf, text, type FieldsProps, type KindForm } from './types';

interface AmplitudeValues {
  region: Region;
  endpoint: string;
  api: 'batch' | 'httpapi';
  minIdLength: string;
  throttlePauseSeconds: string;
  batchSize: string;
  concurrency: string;
}

// The ranges the descriptor's schema accepts, checked before asking core.
const RANGES = {
  minIdLength: [1, 100, false],
  throttlePauseSeconds: [0.1, 600, true],
  batchSize: [1, 2000, false],
  concurrency: [1, 16, false],
} as const;

function AmplitudeFields({ values: v, set, errors }: FieldsProps<AmplitudeValues>) {
  return (
    <>
      <div className="form-grid">
        <RegionField
          value={v.region}
          onChange={(region) => set({ region })}
          error={errors.region}
          hint="Where the Amplitude project’s data is kept. A project in Amplitude’s EU data centre must use EU: the US host does not know its API key."
        />
        <Field
          id="destination-api"
          label="Events API"
          error={errors.api}
          hint={
            v.api === 'batch'
              ? 'Larger requests and a higher limit per user: the one for syncs. User and group properties always go through Identify and Group Identify.'
              : 'Smaller requests and a lower limit per user (30 events a second): for small, steady volumes.'
          }
        >
          <select id="destination-api" className="input" value={v.api} onChange={(e) => set({ api: e.target.value as AmplitudeValues['api'] })}>
            <option value="batch">Batch API (recommended for syncs)</option>
            <option value="httpapi">HTTP V2 API</option>
          </select>
        </Field>
      </div>
      <EndpointField value={v.endpoint} onChange={(endpoint) => set({ endpoint })} error={errors.endpoint} regionHost={AMPLITUDE_HOSTS[v.region]} paths="/batch, /2/httpapi, /identify and /groupidentify" />
      <div className="form-grid">
        <NumberField
          id="destination-min-id-length"
          label="Minimum id length"
          value={v.minIdLength}
          onChange={(minIdLength) => set({ minIdLength })}
          error={errors.minIdLength}
          hint="Amplitude refuses user and device ids shorter than this (5 unless you lower it). Floe rejects such rows before sending, with the reason."
        />
        <NumberField
          id="destination-throttle-pause"
          label="Pause after throttling (seconds)"
          value={v.throttlePauseSeconds}
          onChange={(throttlePauseSeconds) => set({ throttlePauseSeconds })}
          error={errors.throttlePauseSeconds}
          hint="How long Floe holds back a user or device Amplitude throttled before sending its events again. Amplitude advises 30."
        />
      </div>
      <DeliveryFields values={v} set={set} errors={errors} batch={{ label: 'Events per request', hint: '1 to 2,000 (user and group properties: at most 1,024). Floe also keeps each request under Amplitude’s size limit.' }} />
    </>
  );
}

function fromSettings(s: Record<string, unknown>): AmplitudeValues {
  const d = AmplitudeSettings.parse({});
  return {
    region: oneOf(s, 'region', ['us', 'eu'], d.region),
    endpoint: text(s, 'endpoint', ''),
    api: oneOf(s, 'api', ['batch', 'httpapi'], d.api),
    minIdLength: numberText(s, 'minIdLength', d.minIdLength),
    throttlePauseSeconds: numberText(s, 'throttlePauseSeconds', d.throttlePauseSeconds),
    batchSize: numberText(s, 'batchSize', d.batchSize),
    concurrency: numberText(s, 'concurrency', d.concurrency),
  };
}

export const amplitudeForm: KindForm<AmplitudeValues> = {
  kind: 'amplitude',
  blank: fromSettings({}),
  fromSettings,
  toSettings: (v, kept) => ({
    ...kept,
    region: v.region,
    endpoint: endpointSetting(v.endpoint),
    api: v.api,
    minIdLength: Number(v.minIdLength),
    throttlePauseSeconds: Number(v.throttlePauseSeconds),
    batchSize: Number(v.batchSize),
    concurrency: Number(v.concurrency),
  }),
  problems: (v) => rangeProblems(v, RANGES),
  secrets: () => [
    {
      field: 'apiKey',
      label: 'API key',
      missing: 'Paste the project’s API key.',
      where: 'In Amplitude: Settings → Projects → this project → General, “API Key”.',
    },
  ],
  fields: ['region', 'endpoint', 'api', 'minIdLength', 'throttlePauseSeconds', 'batchSize', 'concurrency'],
  namePlaceholder: 'Product analytics',
  testEvent: 'One event, “Floe test event”, for user floe-test-user, with the saved region, endpoint and API key.',
  Fields: AmplitudeFields,
};
