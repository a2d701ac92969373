import type { CheckedRecord } from './check-records';
import type { EntityState, StoredRecord } from './types';

// What the fake "has": the records of each ingestion endpoint in acceptance order, tombstones
// among them. A record identical in endpoint, type, externalId, timestamp (the same instant,
// however written) and deletion to one already stored is a duplicate — a retry, or a row sent
// again unchanged — answered as accepted and not stored again (§4: CluedIn skips identical
// records; the seed: externalId + timestamp let it reason about freshness). A record with the
// same externalId and a newer timestamp is a new version of the entity.

const keyOf = (endpointId: string, r: Omit<CheckedRecord, 'index'>): string => JSON.stringify([endpointId, r.type, r.externalId, Date.parse(r.timestamp), r.deleted]);

export class RecordStore {
  private records: StoredRecord[] = [];
  private readonly seen = new Set<string>();

  /** Stores the new records of an accepted request; duplicates (also within it) are skipped. */
  add(records: CheckedRecord[], endpointId: string, receiptId: string, now: number): { stored: number; tombstones: number; duplicates: number } {
    let stored = 0;
    let tombstones = 0;
    let duplicates = 0;
    for (const { index: _index, ...r } of records) {
      const key = keyOf(endpointId, r);
      if (this.seen.has(key)) {
        duplicates++;
        continue;
      }
      this.seen.add(key);
      this.records.push({ endpointId, ...r, receiptId, receivedAt: now });
      stored++;
      if (r.deleted) tombstones++;
    }
    return { stored, tombstones, duplicates };
  }

  all(endpointId?: string): StoredRecord[] {
    return this.records.filter((r) => endpointId === undefined || r.endpointId === endpointId).map((r) => structuredClone(r));
  }

  tombstones(endpointId?: string): StoredRecord[] {
    return this.all(endpointId).filter((r) => r.deleted);
  }

  /** Each entity's newest record by timestamp (on a tie, the one stored last), in order of first appearance. */
  entities(endpointId?: string): EntityState[] {
    const states = new Map<string, EntityState>();
    for (const r of this.all(endpointId)) {
      const key = JSON.stringify([r.endpointId, r.type, r.externalId]);
      const current = states.get(key);
      const versions = (current?.versions ?? 0) + 1;
      if (current && Date.parse(current.timestamp) > Date.parse(r.timestamp)) {
        current.versions = versions;
        continue;
      }
      const state: EntityState = { endpointId: r.endpointId, type: r.type, externalId: r.externalId, timestamp: r.timestamp, deleted: r.deleted, versions };
      if (r.properties) state.properties = r.properties;
      states.set(key, state);
    }
    return [...states.values()];
  }

  clear(): void {
    this.records = [];
    this.seen.clear();
  }
}
