import type { EventsPath, JsonObject, StoredEvent } from './types';

// Accepted events in order, deduplicated by insert_id over 7 days of the fake's clock
// (destinations.md §1.6). An event without insert_id is always stored.

export const DEDUP_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export class EventStore {
  private events: StoredEvent[] = [];
  // insert_id → when it was accepted; an entry older than the TTL no longer counts.
  private readonly seen = new Map<string, number>();

  /** Stores the new events of an accepted request; duplicates (also within it) are skipped. */
  add(events: JsonObject[], endpoint: EventsPath, now: number): { stored: number; duplicates: number } {
    let stored = 0;
    let duplicates = 0;
    for (const e of events) {
      const id = typeof e.insert_id === 'string' ? e.insert_id : null;
      if (id !== null) {
        const at = this.seen.get(id);
        if (at !== undefined && now - at < DEDUP_TTL_MS) {
          duplicates++;
          continue;
        }
        this.seen.set(id, now);
      }
      // The event was parsed from this request's body, so nothing else holds it: stored as it is,
      // with when and where it came (all() hands out copies). The contract has checked the
      // fields StoredEvent names.
      e.receivedAt = now;
      e.endpoint = endpoint;
      this.events.push(e as StoredEvent);
      stored++;
    }
    return { stored, duplicates };
  }

  all(): StoredEvent[] {
    return this.events.map((e) => structuredClone(e));
  }

  clear(): void {
    this.events = [];
    this.seen.clear();
  }
}
