import type { DestinationKind } from '../../../shared/schemas';
import { fileDestination } from './file';
import { httpDestination } from './http';
import type { DestinationModule } from './types';

const modules: Partial<Record<DestinationKind, DestinationModule<never>>> = {
  http: httpDestination as DestinationModule<never>,
  file: fileDestination as DestinationModule<never>,
};

/** The destination module for a kind, or undefined while that destination is not built yet. */
export function destinationModule(kind: DestinationKind): DestinationModule<unknown> | undefined {
  return modules[kind] as DestinationModule<unknown> | undefined;
}

export type { DestinationModule } from './types';
