import { CLEVERTAP_REGION_LABELS, CLEVERTAP_REGIONS, CleverTapSettings, clevertapHost, type CleverTapRegion } from '../../../../../shared/destinations';
import { Field, TextField } from '../../../components/field';
import { DeliveryFields, EndpointField, endpointSetting, numberText, rangeProblems } from './saas-fields';
import { oneOf, text, type FieldsProps, type KindForm } from './types';

interface CleverTapValues {
  accountId: string;
  region: CleverTapRegion;
  endpoint: string;
  identityField: 'identity' | 'objectId';
  batchSize: string;
  concurrency: string;
}

const RANGES = { batchSize: [1, 1000], concurrency: [1, 15] } as const;

function CleverTapFields({ values: v, set, errors }: FieldsProps<CleverTapValues>) {
  return (
    <>
      <div className="form-grid">
        <TextField
          id="destination-account-id"
          label="Account ID"
          mono
          value={v.accountId}
          onChange={(accountId) => set({ accountId })}
          error={errors.accountId}
          hint="In CleverTap: Settings → Project → Project details, “Account ID”."
        />
        <Field id="destination-region" label="Region" error={errors.region} hint="The region of the project’s dashboard URL (eu1.dashboard.clevertap.com…). Another region’s host does not know the account: it answers 401.">
          <select id="destination-region" className="input" value={v.region} onChange={(e) => set({ region: e.target.value as CleverTapRegion })}>
            {CLEVERTAP_REGIONS.map((r) => (
              <option key={r} value={r}>
                {CLEVERTAP_REGION_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <EndpointField value={v.endpoint} onChange={(endpoint) => set({ endpoint })} error={errors.endpoint} regionHost={clevertapHost(v.region)} paths="/1/upload" />
      <Field
        id="destination-identity-field"
        label="Identify users by"
        error={errors.identityField}
        hint={
          v.identityField === 'identity'
            ? 'Map the column with the user’s email, phone number or your own id to identity. Each record carries exactly one identity.'
            : 'Map the column with the CleverTap ID to objectId. Each record carries exactly one identity.'
        }
      >
        <select id="destination-identity-field" className="input" value={v.identityField} onChange={(e) => set({ identityField: e.target.value as CleverTapValues['identityField'] })}>
          <option value="identity">Identity (email, phone or your own id)</option>
          <option value="objectId">CleverTap ID (objectId)</option>
        </select>
      </Field>
      <p className="field-hint">
        CleverTap has no idempotency key: when an upload’s answer is lost, Floe sends it again, and CleverTap may then store those events twice. Every event carries its row key as
        evtData.floe_id, so duplicates can be found.
      </p>
      <DeliveryFields
        values={v}
        set={set}
        errors={errors}
        batch={{ label: 'Records per upload', hint: '1 to 1,000, CleverTap’s limit.' }}
        concurrencyHint="1 to 15. CleverTap allows 15 uploads at once per account; Floe keeps every sync to this account under that together."
      />
    </>
  );
}

function fromSettings(s: Record<string, unknown>): CleverTapValues {
  const d = CleverTapSettings.parse({ accountId: 'x' });
  return {
    accountId: text(s, 'accountId', ''),
    region: oneOf(s, 'region', CLEVERTAP_REGIONS, d.region),
    endpoint: text(s, 'endpoint', ''),
    identityField: oneOf(s, 'identityField', ['identity', 'objectId'], d.identityField),
    batchSize: numberText(s, 'batchSize', d.batchSize),
    concurrency: numberText(s, 'concurrency', d.concurrency),
  };
}

export const clevertapForm: KindForm<CleverTapValues> = {
  kind: 'clevertap',
  blank: fromSettings({}),
  fromSettings,
  toSettings: (v, kept) => ({
    ...kept,
    accountId: v.accountId.trim(),
    region: v.region,
    endpoint: endpointSetting(v.endpoint),
    identityField: v.identityField,
    batchSize: Number(v.batchSize),
    concurrency: Number(v.concurrency),
  }),
  problems: (v) => ({ ...(v.accountId.trim() ? {} : { accountId: 'Enter the project’s Account ID.' }), ...rangeProblems(v, RANGES) }),
  secrets: () => [
    {
      field: 'passcode',
      label: 'Passcode',
      missing: 'Paste the project’s passcode.',
      where: 'In CleverTap: Settings → Project → Passcode (an account or user passcode, not the SDK token).',
    },
  ],
  fields: ['accountId', 'region', 'endpoint', 'identityField', 'batchSize', 'concurrency'],
  namePlaceholder: 'CleverTap project',
  testEvent: 'One event, “Floe test event”, for user floe-test-user, as a dry run (?dryRun=1: CleverTap checks it and stores nothing), with the saved account, region, endpoint and passcode.',
  Fields: CleverTapFields,
};
