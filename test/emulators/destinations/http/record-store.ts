import type { IngestResponse, JsonRecord, RecordResult, RejectWhen } from './types';

// What the fake "has": accepted records in order, deduplicated by idempotency key. Rejected
// records leave no trace, so the same id can be accepted when Floe offers it again later.

export class RecordStore {
  private readonly ids = new Set<string>();
  private readonly records: JsonRecord[] = [];

  /**
   * Decides every record first and commits afterwards, so a rejectWhen that throws leaves the
   * store untouched (the request is answered 500 and nothing half-happened).
   */
  ingest(records: JsonRecord[], ids: string[], rejectWhen: RejectWhen | null): IngestResponse {
    const seenInBatch = new Set<string>();
    const results: RecordResult[] = records.map((record, index) => {
      const id = ids[index]!;
      if (this.ids.has(id) || seenInBatch.has(id)) return { index, id, status: 'duplicate' };
      const reason = rejectWhen?.(record, index) ?? null;
      if (reason !== null) return { index, id, status: 'rejected', error: reason };
      seenInBatch.add(id);
      return { index, id, status: 'accepted' };
    });
    for (const r of results) {
      if (r.status !== 'accepted') continue;
      this.ids.add(r.id);
      this.records.push(records[r.index]!);
    }
    const count = (s: RecordResult['status']): number => results.filter((r) => r.status === s).length;
    return { accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected'), results };
  }

  all(): JsonRecord[] {
    return [...this.records];
  }

  clear(): void {
    this.ids.clear();
    this.records.length = 0;
  }
}
