import type { IngestResponse, JsonRecord, RecordResult, RejectWhen } from './types';

// What the fake "has": accepted records in order, deduplicated by idempotency key. Rejected
// records leave no trace, so the same id can be accepted when Floe offers it again later.
//
// Accepted records are kept as the request text they came in (and which of its records were
// accepted), not as parsed objects: a million retained objects would make the fake's garbage
// collector, not Floe, the bottleneck of a benchmark. `all()` parses them again when asked.

interface StoredBatch {
  /** The record texts in the request's order: the NDJSON lines, or one JSON array. */
  text: string | string[];
  accepted: number[];
}

const parseStored = (batch: StoredBatch): JsonRecord[] =>
  typeof batch.text === 'string' ? (JSON.parse(batch.text) as JsonRecord[]) : batch.accepted.map((i) => JSON.parse((batch.text as string[])[i]!) as JsonRecord);

export class RecordStore {
  private readonly ids = new Set<string>();
  private readonly batches: StoredBatch[] = [];

  /**
   * Decides every record first and commits afterwards, so a rejectWhen that throws leaves the
   * store untouched (the request is answered 500 and nothing half-happened).
   */
  ingest(records: JsonRecord[], ids: string[], rejectWhen: RejectWhen | null, text: string | string[]): IngestResponse {
    // One plain loop: at a million records this runs in the same two cores as the engine it tests.
    const seenInBatch = new Set<string>();
    const results: RecordResult[] = new Array(records.length);
    const accepted: number[] = [];
    let duplicates = 0;
    let rejected = 0;
    for (let index = 0; index < records.length; index++) {
      const id = ids[index]!;
      if (this.ids.has(id) || seenInBatch.has(id)) {
        results[index] = { index, id, status: 'duplicate' };
        duplicates += 1;
        continue;
      }
      const reason = rejectWhen?.(records[index]!, index) ?? null;
      if (reason !== null) {
        results[index] = { index, id, status: 'rejected', error: reason };
        rejected += 1;
        continue;
      }
      seenInBatch.add(id);
      accepted.push(index);
      results[index] = { index, id, status: 'accepted' };
    }
    for (const id of seenInBatch) this.ids.add(id);
    if (accepted.length > 0) this.batches.push({ text, accepted });
    return { accepted: accepted.length, duplicates, rejected, results };
  }

  all(): JsonRecord[] {
    return this.batches.flatMap((batch) => {
      const parsed = parseStored(batch);
      return typeof batch.text === 'string' ? batch.accepted.map((i) => parsed[i]!) : parsed;
    });
  }

  clear(): void {
    this.ids.clear();
    this.batches.length = 0;
  }
}
