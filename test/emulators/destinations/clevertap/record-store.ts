import { customKeysOf } from './check-records';
import type { Duplicate, JsonObject, StoredRecord } from './types';

// What the fake "has": every record an upload processed, in order. CleverTap has no idempotency
// key (destinations.md §3.4: re-sending an event creates a duplicate), so nothing is
// deduplicated; `duplicates(field)` counts what a retry left twice, by a field the sender sets
// (Floe's own id in evtData, say). Each account's custom profile keys are remembered for the
// 256-key limit.

/** The value at a dotted path (`evtData.floe_id`), or undefined. */
export function valueAt(record: JsonObject, path: string): unknown {
  let v: unknown = record;
  for (const part of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as JsonObject)[part];
  }
  return v;
}

export class RecordStore {
  private records: StoredRecord[] = [];
  private readonly customKeys = new Map<string, Set<string>>();

  /** The account's custom profile keys (the live set: judge a dry run on a copy). */
  keysOf(account: string): Set<string> {
    let keys = this.customKeys.get(account);
    if (!keys) this.customKeys.set(account, (keys = new Set()));
    return keys;
  }

  /** Stores records that passed; they were parsed from this request's body, so nothing else holds them. */
  add(records: JsonObject[], account: string, now: number): void {
    for (const r of records) {
      if (r.type === 'profile') for (const k of customKeysOf(r.profileData as JsonObject)) this.keysOf(account).add(k);
      this.records.push({ ...r, receivedAt: now, account } as StoredRecord);
    }
  }

  all(): StoredRecord[] {
    return this.records.map((r) => structuredClone(r));
  }

  events(): StoredRecord[] {
    return this.all().filter((r) => r.type === 'event');
  }

  profiles(): StoredRecord[] {
    return this.all().filter((r) => r.type === 'profile');
  }

  /** Values of `field` carried by more than one stored record, in order of first appearance. */
  duplicates(field: string): Duplicate[] {
    const counts = new Map<string, Duplicate>();
    for (const r of this.records) {
      const value = valueAt(r, field);
      if (value === undefined) continue;
      const key = JSON.stringify(value);
      const seen = counts.get(key);
      if (seen) seen.count++;
      else counts.set(key, { value: structuredClone(value), count: 1 });
    }
    return [...counts.values()].filter((d) => d.count > 1);
  }

  clear(): void {
    this.records = [];
    this.customKeys.clear();
  }
}
