import { kindLabel, targetOf } from '../../../../shared/destinations';
import type { Destination } from '../../../../shared/schemas';
import { matchesSearch, searchTerms } from '../../../../shared/search';

/** The texts of a destination's row a search looks in: its name, its type and where it sends ("CSV files in /exports"). */
export function destinationSearchTexts(destination: Pick<Destination, 'name' | 'kind' | 'settings'>): string[] {
  return [destination.name, kindLabel(destination.kind), targetOf(destination.kind, destination.settings)];
}

/** The destinations a search finds, in the list's order; a blank search finds them all. */
export function searchDestinations<D extends Pick<Destination, 'name' | 'kind' | 'settings'>>(destinations: readonly D[], search: string): D[] {
  const terms = searchTerms(search);
  if (terms.length === 0) return [...destinations];
  return destinations.filter((d) => matchesSearch(terms, destinationSearchTexts(d)));
}
