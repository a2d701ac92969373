import type { DestinationKind } from '../schemas';
import { file } from './file';
import { http } from './http';
import type { DataType, DestinationDescriptor } from './types';

/** The destinations this version of Floe can send to: one line each. */
const DESCRIPTORS: Partial<Record<DestinationKind, DestinationDescriptor<never>>> = {
  http: http as DestinationDescriptor<never>,
  file: file as DestinationDescriptor<never>,
};

/** The descriptor of a kind, or undefined while Floe cannot send to that kind yet. */
export function descriptorFor(kind: DestinationKind): DestinationDescriptor<unknown> | undefined {
  return DESCRIPTORS[kind] as DestinationDescriptor<unknown> | undefined;
}

/** Every available destination kind, in the order the app offers them. */
export function availableDescriptors(): DestinationDescriptor<unknown>[] {
  return Object.values(DESCRIPTORS) as DestinationDescriptor<unknown>[];
}

/** A data type of a kind by id; undefined when the kind has no such data type. */
export function dataTypeOf(kind: DestinationKind, id: string): DataType | undefined {
  return descriptorFor(kind)?.dataTypes.find((t) => t.id === id);
}

/** Where a destination sends, in one line, as its descriptor says ('' if its kind or settings are unknown). */
export function targetOf(kind: DestinationKind, settings: unknown): string {
  const descriptor = descriptorFor(kind);
  const parsed = descriptor?.settings.safeParse(settings);
  return descriptor && parsed?.success ? descriptor.target(parsed.data) : '';
}

/** The kinds this version can send to, for messages: "HTTP endpoint or File". */
export function availableLabels(): string {
  const labels = availableDescriptors().map((d) => d.label);
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}` : (labels[0] ?? '');
}

/** The kind's name for people, for kinds not built yet too. */
export function kindLabel(kind: DestinationKind): string {
  return descriptorFor(kind)?.label ?? UNBUILT_LABELS[kind] ?? kind;
}

const UNBUILT_LABELS: Partial<Record<DestinationKind, string>> = {
  amplitude: 'Amplitude',
  customerio: 'Customer.io',
  clevertap: 'CleverTap',
  cluedin: 'CluedIn',
};

export { FileSettings } from './file';
export { HttpSettings } from './http';
export { RECORDS, type DataType, type DestinationDescriptor, type Operation } from './types';
