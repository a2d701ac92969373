import type { DestinationKind } from '../../../shared/schemas';
import { fileDestination } from './file';
import { httpDestination } from './http';
import type { DestinationModule } from './types';

/**
 * The engine's side of each destination, one line each. Its descriptor is registered the same
 * way in shared/destinations, and its form in renderer/src/features/destinations/kinds.
 */
const modules: Partial<Record<DestinationKind, DestinationModule<never>>> = {
  http: httpDestination as DestinationModule<never>,
  file: fileDestination as DestinationModule<never>,
};

/** The destination module for a kind, or undefined while that destination is not built yet. */
export function destinationModule(kind: DestinationKind): DestinationModule<unknown> | undefined {
  return modules[kind] as DestinationModule<unknown> | undefined;
}

export type { DestinationModule, RequestPreview } from './types';
