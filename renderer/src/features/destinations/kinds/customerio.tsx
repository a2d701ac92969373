import { CUSTOMERIO_HOSTS, CustomerIoSettings } from '../../../../../shared/destinations';
import { DeliveryFields, EndpointField, endpointSetting, rangeProblems, numberText, RegionField, type Region } from './saas-fields';
import { oneOf, text, type FieldsProps, type KindForm } from './types';

interface CustomerIoValues {
  region: Region;
  endpoint: string;
  batchSize: string;
  concurrency: string;
}

const RANGES = { batchSize: [1, 2500], concurrency: [1, 16] } as const;

function CustomerIoFields({ values: v, set, errors }: FieldsProps<CustomerIoValues>) {
  return (
    <>
      <RegionField
        value={v.region}
        onChange={(region) => set({ region })}
        error={errors.region}
        hint="The region chosen when the workspace was created. An EU workspace must use EU: the US host does not know its API key."
      />
      <EndpointField value={v.endpoint} onChange={(endpoint) => set({ endpoint })} error={errors.endpoint} regionHost={CUSTOMERIO_HOSTS[v.region]} paths="/v1/batch" />
      <DeliveryFields values={v} set={set} errors={errors} batch={{ label: 'Calls per request', hint: '1 to 2,500; Customer.io also caps a request at 500 KB and a call at 32 KB.' }} />
    </>
  );
}

function fromSettings(s: Record<string, unknown>): CustomerIoValues {
  const d = CustomerIoSettings.parse({});
  return {
    region: oneOf(s, 'region', ['us', 'eu'], d.region),
    endpoint: text(s, 'endpoint', ''),
    batchSize: numberText(s, 'batchSize', d.batchSize),
    concurrency: numberText(s, 'concurrency', d.concurrency),
  };
}

export const customerIoForm: KindForm<CustomerIoValues> = {
  kind: 'customerio',
  blank: fromSettings({}),
  fromSettings,
  toSettings: (v, kept) => ({
    ...kept,
    region: v.region,
    endpoint: endpointSetting(v.endpoint),
    batchSize: Number(v.batchSize),
    concurrency: Number(v.concurrency),
  }),
  problems: (v) => rangeProblems(v, RANGES),
  secrets: () => [
    {
      field: 'apiKey',
      label: 'API key',
      missing: 'Paste the API key of the workspace’s “Customer.io API” source.',
      where: 'In Customer.io: Data Pipelines → Sources → your “Customer.io API” source → Settings, “API Key”. Floe sends it as HTTP Basic authentication.',
    },
  ],
  fields: ['region', 'endpoint', 'batchSize', 'concurrency'],
  namePlaceholder: 'Customer.io workspace',
  testEvent: 'One track call, “Floe test event”, for person floe-test-user, with the saved region, endpoint and API key.',
  Fields: CustomerIoFields,
};
