import type { DestinationKind } from '../../../shared/schemas';
import { amplitudeDestination } from './amplitude';
import { clevertapDestination } from './clevertap';
import { cluedinDestination } from './cluedin';
import { customerIoDestination } from './customerio';
import { fileDestination } from './file';
import { httpDestination } from './http';
import type { DestinationModule, RecordShaper } from './types';

/**
 * The engine's side of each destination, one line each (every kind has one: a kind without it
 * does not compile). Its descriptor is registered the same way in shared/destinations, and its
 * form in renderer/src/features/destinations/kinds.
 */
const modules: Record<DestinationKind, DestinationModule<never>> = {
  amplitude: amplitudeDestination as DestinationModule<never>,
  customerio: customerIoDestination as DestinationModule<never>,
  clevertap: clevertapDestination as DestinationModule<never>,
  cluedin: cluedinDestination as DestinationModule<never>,
  http: httpDestination as DestinationModule<never>,
  file: fileDestination as DestinationModule<never>,
};

/** The destination module for a kind. */
export function destinationModule(kind: DestinationKind): DestinationModule<unknown> {
  return modules[kind] as DestinationModule<unknown>;
}

export type { DestinationModule, RecordShaper, RequestPreview } from './types';

/** The checks a sync's rows pass before they are sent (null when its destination has none). */
export function shaperFor(destination: { kind: DestinationKind; dataType: string; settings: unknown } | undefined): RecordShaper | null {
  if (!destination) return null;
  const module = destinationModule(destination.kind);
  const dataType = module.descriptor.dataTypes.find((t) => t.id === destination.dataType);
  if (!module.shaper || !dataType) return null;
  return module.shaper(dataType, module.descriptor.settings.parse(destination.settings));
}
