import type { ReactNode } from 'react';
import { Field, TextField } from '../../../components/field';

/** A SaaS kind's region: which of the vendor's data centres its account lives in. */
export type Region = 'us' | 'eu';

export function RegionField(props: { value: Region; onChange: (region: Region) => void; error?: string; hint: ReactNode }) {
  return (
    <Field id="destination-region" label="Region" error={props.error} hint={props.hint}>
      <select id="destination-region" className="input" value={props.value} onChange={(e) => props.onChange(e.target.value as Region)}>
        <option value="us">US</option>
        <option value="eu">EU</option>
      </select>
    </Field>
  );
}

/** The base URL that replaces the vendor's own host, for a proxy; empty for the region's host. */
export function EndpointField(props: { value: string; onChange: (endpoint: string) => void; error?: string; regionHost: string; paths: string }) {
  return (
    <TextField
      id="destination-endpoint"
      label="Endpoint override (optional)"
      type="url"
      mono
      placeholder={props.regionHost}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      hint={`For a proxy: Floe sends to this base URL instead of ${props.regionHost}, adding ${props.paths}. Leave empty to use the region’s.`}
    />
  );
}

/** A number typed as text, so a half-typed value stays as typed; checked on save. */
export function NumberField(props: { id: string; label: string; value: string; onChange: (value: string) => void; error?: string; hint: ReactNode }) {
  return <TextField id={props.id} label={props.label} value={props.value} onChange={props.onChange} error={props.error} hint={props.hint} />;
}

/**
 * Batch size and concurrency, rarely changed: collapsed unless one of them has a problem.
 * `batch` names the unit (events, calls) and the kind's limits.
 */
export function DeliveryFields(props: {
  values: { batchSize: string; concurrency: string };
  set: (patch: { batchSize?: string; concurrency?: string }) => void;
  errors: Partial<Record<string, string>>;
  batch: { label: string; hint: string };
  /** The concurrency's range and limits, when not 1 to 16. */
  concurrencyHint?: string;
}) {
  const { values: v, set, errors } = props;
  return (
    <details className="disclosure" open={Boolean(errors.batchSize || errors.concurrency) || undefined}>
      <summary>Advanced: batch size and concurrency</summary>
      <div className="form-grid">
        <NumberField id="destination-batch-size" label={props.batch.label} value={v.batchSize} onChange={(batchSize) => set({ batchSize })} error={errors.batchSize} hint={props.batch.hint} />
        <NumberField id="destination-concurrency" label="Requests at once" value={v.concurrency} onChange={(concurrency) => set({ concurrency })} error={errors.concurrency} hint={props.concurrencyHint ?? '1 to 16.'} />
      </div>
    </details>
  );
}

/** Each number setting's problem, by key: ranges as [min, max, decimals allowed]. */
export function rangeProblems<K extends string>(values: { [key in NoInfer<K>]: string }, ranges: { [key in K]: readonly [number, number, boolean?] }): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const key of Object.keys(ranges) as K[]) {
    const [min, max, decimals] = ranges[key];
    const problem = numberProblem(values[key], min, max, decimals);
    if (problem) errors[key] = problem;
  }
  return errors;
}

/** A number setting's problem, or null: whole numbers unless `decimals`, within its schema's range. */
export function numberProblem(value: string, min: number, max: number, decimals = false): string | null {
  const n = Number(value.trim());
  const ok = value.trim() !== '' && Number.isFinite(n) && (decimals || Number.isInteger(n)) && n >= min && n <= max;
  if (ok) return null;
  const range = `from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
  return decimals ? `Enter a number ${range}.` : `Enter a whole number ${range}.`;
}

/** A saved number setting as form text. */
export const numberText = (s: Record<string, unknown>, key: string, fallback: number) => String(typeof s[key] === 'number' ? s[key] : fallback);

/** An endpoint override as the descriptor stores it: null for none. */
export const endpointSetting = (text: string) => (text.trim() === '' ? null : text.trim());
