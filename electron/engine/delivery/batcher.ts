/** One record on its way out: what it is, where it came from, and its encoded size. */
export interface OutRecord {
  /** The row's key (primary key, or position for keyless strategies). */
  rowKey: string;
  idempotencyKey: string;
  op: 'upsert' | 'delete';
  /** The payload; a streamed row's is parsed from `json` only if a destination reads it. */
  readonly payload: Record<string, unknown>;
  /** The payload's top-level keys in the query's and mapping's order (a CSV's columns), when known. */
  readonly fields?: readonly string[];
  /** The payload as JSON (top-level keys sorted), computed once for hashing and reused by encoders. */
  readonly json?: string;
  /** UTF-8 length of `json`, once known. */
  jsonBytes?: number;
  /** Writes `json`'s UTF-8 bytes into `target` at `at` without making the string; returns the count. */
  copyJson?(target: Buffer, at: number): number;
  /** Hash of the payload: what the diff snapshot keeps once the destination acknowledges it. */
  hash: string;
  /** A delete: when a run first found the row gone from the query (ISO-8601), the same on every resend. */
  readonly goneSince?: string;
  /** incremental-by-column: this row's watermark value (ISO-8601), for the commit. */
  watermark: string | null;
  /** The id the destination rate-limits this record by (see RecordShaper.rateKey). */
  readonly rateKey?: string | null;
  /** The source row, kept only so a rejection can be offered again. */
  readonly source: Record<string, unknown> | null;
  bytes: number;
}

/**
 * Groups records into batches bounded by record count and encoded bytes, as each destination's
 * limits demand. Pure: the caller decides what to do with a full batch.
 */
export class Batcher {
  private current: OutRecord[] = [];
  private bytes = 0;

  constructor(
    private readonly maxRecords: number,
    private readonly maxBytes: number,
  ) {}

  /** Adds a record; returns the batch it completed, if adding it would overflow the current one. */
  add(record: OutRecord): OutRecord[] | null {
    let full: OutRecord[] | null = null;
    if (this.current.length > 0 && (this.current.length >= this.maxRecords || this.bytes + record.bytes > this.maxBytes)) {
      full = this.flush();
    }
    this.current.push(record);
    this.bytes += record.bytes;
    if (this.current.length >= this.maxRecords) return full ?? this.flush();
    return full;
  }

  flush(): OutRecord[] | null {
    if (this.current.length === 0) return null;
    const batch = this.current;
    this.current = [];
    this.bytes = 0;
    return batch;
  }

  get pending(): number {
    return this.current.length;
  }
}
