import type { Connection, Destination, Sync, SyncOverview } from '../../../../shared/schemas';
import { matchesSearch, searchTerms } from '../../../../shared/search';
import { SYNC_STATUS_LABEL } from './sync-labels';

/** What the list knows besides the syncs themselves: their overviews and the names they refer to. */
export interface SyncSearchContext {
  overviews: readonly SyncOverview[];
  connections: readonly Pick<Connection, 'id' | 'name'>[];
  destinations: readonly Pick<Destination, 'id' | 'name'>[];
}

/**
 * The texts of a sync's row a search looks in: its name, its connection's and destination's
 * names, and its status in the words the Status column shows ("Failing", "Paused: …").
 */
export function syncSearchTexts(sync: Sync, context: SyncSearchContext): string[] {
  const nameOf = (items: SyncSearchContext['connections'], id: string) => items.find((item) => item.id === id)?.name ?? '';
  const overview = context.overviews.find((o) => o.syncId === sync.id);
  const texts = [sync.name, nameOf(context.connections, sync.connectionId), nameOf(context.destinations, sync.destinationId)];
  if (overview) {
    texts.push(SYNC_STATUS_LABEL[overview.status]);
    // A scheduled sync's words ("next run …") are only in a tooltip: a search for a day would find rows that do not show it.
    if (overview.status !== 'scheduled') texts.push(overview.statusText);
  } else if (!sync.enabled) {
    // Before the overviews load, a paused sync is still found by the word.
    texts.push(SYNC_STATUS_LABEL.paused);
  }
  return texts;
}

/** The syncs a search finds, in the list's order; a blank search finds them all. */
export function searchSyncs(syncs: readonly Sync[], search: string, context: SyncSearchContext): Sync[] {
  const terms = searchTerms(search);
  if (terms.length === 0) return [...syncs];
  return syncs.filter((s) => matchesSearch(terms, syncSearchTexts(s, context)));
}
