import type { DestinationKind, Mapping, SecretField } from '../schemas';
import { amplitude } from './amplitude';
import { clevertap } from './clevertap';
import { cluedin } from './cluedin';
import { customerio } from './customerio';
import { file } from './file';
import { http } from './http';
import { originOf } from '../url';
import type { DataType, DestinationDescriptor } from './types';

/**
 * The destinations Floe sends to: one line each. Every kind DestinationKind names has one, so a
 * kind added there without its descriptor does not compile.
 */
const DESCRIPTORS: Record<DestinationKind, DestinationDescriptor<never>> = {
  amplitude: amplitude as DestinationDescriptor<never>,
  customerio: customerio as DestinationDescriptor<never>,
  clevertap: clevertap as DestinationDescriptor<never>,
  cluedin: cluedin as DestinationDescriptor<never>,
  http: http as DestinationDescriptor<never>,
  file: file as DestinationDescriptor<never>,
};

/** The descriptor of a kind. */
export function descriptorFor(kind: DestinationKind): DestinationDescriptor<unknown> {
  return DESCRIPTORS[kind] as DestinationDescriptor<unknown>;
}

/** Every destination kind, in the order the app offers them. */
export function availableDescriptors(): DestinationDescriptor<unknown>[] {
  return Object.values(DESCRIPTORS) as DestinationDescriptor<unknown>[];
}

/**
 * The data types a destination takes, as its settings have them (which fields a new mapping
 * starts from); the kind's own when its settings are unknown or not valid.
 */
export function dataTypesOfDestination(kind: DestinationKind, settings: unknown): readonly DataType[] {
  const descriptor = descriptorFor(kind);
  const parsed = descriptor.dataTypesFor ? descriptor.settings.safeParse(settings) : null;
  return parsed?.success ? descriptor.dataTypesFor!(parsed.data) : descriptor.dataTypes;
}

/** A data type of a kind by id; undefined when the kind has no such data type. */
export function dataTypeOf(kind: DestinationKind, id: string): DataType | undefined {
  return descriptorFor(kind).dataTypes.find((t) => t.id === id);
}

/** Where a destination sends, in one line, as its descriptor says ('' if its settings are not valid). */
export function targetOf(kind: DestinationKind, settings: unknown): string {
  const descriptor = descriptorFor(kind);
  const parsed = descriptor.settings.safeParse(settings);
  return parsed.success ? descriptor.target(parsed.data) : '';
}

/** A destination as it may be shown (over IPC, by the CLI): any secret a setting still holds masked. */
export function shownDestination<D extends { kind: DestinationKind; settings: Record<string, unknown> }>(destination: D): D {
  const shown = descriptorFor(destination.kind).shown;
  return shown ? { ...destination, settings: shown(destination.settings) } : destination;
}

/** The keychain fields a destination's settings use (none if its settings are not valid). */
export function secretFieldsOf(kind: DestinationKind, settings: unknown): SecretField[] {
  const descriptor = descriptorFor(kind);
  const parsed = descriptor.settings.safeParse(settings);
  return parsed.success ? descriptor.secretFields(parsed.data) : [];
}

/** Where a destination's runs connect to (for the reachability check), or null for local kinds. */
export function endpointOf(kind: DestinationKind, settings: unknown): string | null {
  const descriptor = descriptorFor(kind);
  const parsed = descriptor.settings.safeParse(settings);
  return descriptor.endpoint && parsed.success ? descriptor.endpoint(parsed.data) : null;
}

/** The scheme, host and port a destination's requests go to (its secrets were given for it); null for local kinds. */
export function destinationHost(kind: DestinationKind, settings: unknown): string | null {
  const endpoint = endpointOf(kind, settings);
  return endpoint === null ? null : originOf(endpoint);
}

/** The kind's name for people. */
export function kindLabel(kind: DestinationKind): string {
  return descriptorFor(kind).label;
}

/**
 * Pure: the mapping a new sync of this data type starts from, given the query's columns: a rule
 * for each preset field a column suggests itself for (USER_ID → user_id), the other columns
 * passed through to where the data type puts them by default.
 */
export function presetFor(type: DataType, columns: readonly string[]): Mapping {
  const taken = new Set<string>();
  const rules: Mapping['rules'] = [];
  for (const field of type.fields) {
    if (!field.preset) continue;
    const source = suggestedColumns(type, field.target, columns).find((c) => !taken.has(c));
    if (source === undefined) continue;
    taken.add(source);
    rules.push({ target: field.target, source, type: field.type, required: !!field.required });
  }
  if (!rules.length) return type.preset;
  return { ...type.preset, rules };
}

/** The columns a field suggests itself for, in the order of its suggestions. */
export function suggestedColumns(type: DataType, target: string, columns: readonly string[]): string[] {
  const field = type.fields.find((f) => f.target === target);
  if (!field) return [];
  const byName = new Map(columns.map((c) => [c.toLowerCase(), c] as const));
  return field.suggest.map((name) => byName.get(name.toLowerCase())).filter((c): c is string => c !== undefined);
}

export { AmplitudeSettings, AMPLITUDE_HOSTS, amplitudeBase } from './amplitude';
export { CustomerIoSettings, CUSTOMERIO_HOSTS, customerIoBase } from './customerio';
export { CleverTapSettings, CLEVERTAP_REGIONS, CLEVERTAP_REGION_LABELS, clevertapBase, clevertapHost, type CleverTapRegion } from './clevertap';
export { CluedInSettings, cluedinEndpointId, WHERE_THE_URL_IS } from './cluedin';
export { FileSettings } from './file';
export { HttpDraftSettings, HttpSettings } from './http';
export { RECORDS, type DataType, type DestinationDescriptor, type FieldSpec, type Operation } from './types';
