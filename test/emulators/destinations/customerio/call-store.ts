import type { CallType, CustomerIoEndpoint, JsonObject, StoredCall } from './types';

// Accepted calls in order, deduplicated by messageId (no window is documented for Customer.io;
// Segment's is about a day, longer than any test). A call without messageId is always stored.

export class CallStore {
  private calls: StoredCall[] = [];
  private readonly seen = new Set<string>();

  /** Stores the new calls; one whose messageId was seen (also earlier in the same request) is a duplicate. */
  add(calls: { call: JsonObject; type: CallType }[], endpoint: CustomerIoEndpoint, strict: boolean, now: number): { stored: number; duplicates: number } {
    let stored = 0;
    let duplicates = 0;
    for (const { call, type } of calls) {
      const id = typeof call.messageId === 'string' ? call.messageId : null;
      if (id !== null) {
        if (this.seen.has(id)) {
          duplicates++;
          continue;
        }
        this.seen.add(id);
      }
      this.calls.push({ ...structuredClone(call), type, receivedAt: now, endpoint, strict });
      stored++;
    }
    return { stored, duplicates };
  }

  all(): StoredCall[] {
    return this.calls.map((c) => structuredClone(c));
  }

  clear(): void {
    this.calls = [];
    this.seen.clear();
  }
}
