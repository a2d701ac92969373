import type { DestinationKind, Mapping } from '../../../shared/schemas';
import type { RecordShaper } from '../destinations/types';
import type { OutRecord } from '../delivery/batcher';
import { mapRow, findColumn, type Row } from '../mapping/map-row';
import { encodeWatermark, watermarkKind, watermarkValue } from '../watermark';
import { canonicalJson } from './canonical';
import { digestOf, digestPrefix } from './idempotency';
import { rowKey } from './row-key';
import { decodeSource, type SourceColumns } from './source-columns';

/** What turns a sync's source rows into records: the same in the reader thread and in the run. */
export interface PrepareSpec {
  syncId: string;
  mapping: Mapping;
  primaryKey: string[];
  /** incremental by a timestamp column: its name and Snowflake type. */
  watermarkColumn: string | null;
  watermarkType?: string;
  /** The destination whose checks each mapped row passes (see RecordShaper), by kind. */
  destination?: { kind: DestinationKind; dataType: string; settings: unknown };
}

/**
 * A batch of source rows, each keyed, mapped and checked: parallel arrays with one entry
 * a row, and every payload's JSON in one buffer, so the batch crosses threads as a few strings
 * and bytes rather than objects. What is left for the run is what needs its state: duplicates,
 * the diff snapshot, and delivery.
 */
export interface PreparedBatch {
  count: number;
  /**
   * The row's key: its primary key; without one, its digest (once digested); null for a row
   * rejected before it had one.
   */
  keys: (string | null)[];
  /**
   * What each row's digest covers, in UTF-8, back to back: its digest prefix (sync and key),
   * then its payload as canonical JSON. Row i's prefix starts at offsets[2i], its JSON at
   * offsets[2i + 1], and both end at offsets[2i + 2]; a rejected row has neither. The buffer is
   * moved between threads, not copied; the run hashes from it and copies request bodies out of it.
   */
  payloads: Buffer;
  offsets: Uint32Array;
  /** Snapshot hash and idempotency key in one (see identifyRow): filled by digestBatch. */
  digests: (string | null)[];
  /** Why each row was rejected, or null throughout when none was. */
  reasons: (string | null)[] | null;
  /** incremental by column: each row's encoded watermark value. */
  watermarks: (string | null)[] | null;
  /** Each row's rate-limit id, when the destination limits by one. */
  rateKeys: (string | null)[] | null;
  /** The payload's top-level keys in the query's and mapping's order: the same for every row. */
  fields: readonly string[] | null;
  /** The source rows, kept for rejections: by column from the reader, as objects in the run. */
  sources: SourceColumns | Row[];
}

export function sourceAt(batch: PreparedBatch, i: number): Row {
  return Array.isArray(batch.sources) ? batch.sources[i]! : decodeSource(batch.sources, i);
}

/** Row i's payload as JSON text (empty for a rejected row). */
export function payloadText(batch: PreparedBatch, i: number): string {
  return batch.payloads.toString('utf8', batch.offsets[2 * i + 1], batch.offsets[2 * i + 2]);
}

/** Each row's prefix and text in one buffer that owns its memory (so it can be moved), with offsets. */
function pack(prefixes: string[], texts: string[]): { payloads: Buffer; offsets: Uint32Array } {
  const n = texts.length;
  const offsets = new Uint32Array(2 * n + 1);
  let size = 0;
  for (let i = 0; i < n; i++) {
    offsets[2 * i] = size;
    size += Buffer.byteLength(prefixes[i]!);
    offsets[2 * i + 1] = size;
    size += Buffer.byteLength(texts[i]!);
  }
  offsets[2 * n] = size;
  const payloads = Buffer.allocUnsafeSlow(size);
  for (let i = 0; i < n; i++) {
    payloads.write(prefixes[i]!, offsets[2 * i]!);
    payloads.write(texts[i]!, offsets[2 * i + 1]!);
  }
  return { payloads, offsets };
}

/**
 * Fills in each row's digest from its bytes, and the key of rows without a primary key. Runs in
 * the run thread: hashing is the one step of a row that needs only bytes, and the reader thread
 * is the busier of the two.
 */
export function digestBatch(batch: PreparedBatch): PreparedBatch {
  const { offsets, payloads } = batch;
  for (let i = 0; i < batch.count; i++) {
    if (batch.reasons?.[i]) continue;
    const digest = digestOf(payloads.subarray(offsets[2 * i], offsets[2 * i + 2]));
    batch.digests[i] = digest;
    batch.keys[i] ??= digest;
  }
  return batch;
}

/**
 * Keys and maps rows, and lays out what their digests cover (digestBatch hashes it). Pure: the
 * strategy decides afterwards what to do with each row.
 */
export function prepareBatch(rows: Row[], spec: PrepareSpec, sources: SourceColumns | Row[] = rows, shaper: RecordShaper | null = null): PreparedBatch {
  const n = rows.length;
  const texts = new Array<string>(n).fill('');
  const prefixes = new Array<string>(n).fill('');
  const batch: Omit<PreparedBatch, 'payloads' | 'offsets'> = {
    count: n,
    keys: new Array<string | null>(n),
    digests: new Array<string | null>(n).fill(null),
    reasons: null,
    watermarks: spec.watermarkColumn ? new Array<string | null>(n).fill(null) : null,
    rateKeys: shaper?.rateKey ? new Array<string | null>(n).fill(null) : null,
    fields: null,
    sources,
  };
  const reject = (i: number, key: string | null, reason: string) => {
    batch.reasons ??= new Array<string | null>(n).fill(null);
    batch.reasons[i] = reason;
    batch.keys[i] = key;
  };
  const kind = watermarkKind(spec.watermarkType);
  let watermarkColumn: string | undefined;
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    const mapped = mapRow(row, spec.mapping);
    const keyed = spec.primaryKey.length ? rowKey(row, spec.primaryKey) : null;
    if (keyed && !keyed.ok) {
      reject(i, null, keyed.reason);
      continue;
    }
    if (!mapped.ok) {
      reject(i, keyed?.key ?? null, mapped.reason);
      continue;
    }
    const refused = shaper?.check(mapped.payload);
    if (refused) {
      reject(i, keyed?.key ?? null, refused);
      continue;
    }
    if (batch.rateKeys) batch.rateKeys[i] = shaper!.rateKey!(mapped.payload);
    batch.fields ??= mapped.fields;
    const key = keyed?.key ?? null;
    batch.keys[i] = key;
    prefixes[i] = digestPrefix(spec.syncId, key);
    texts[i] = canonicalJson(mapped.payload);
    if (batch.watermarks) {
      watermarkColumn ??= findColumn(row, spec.watermarkColumn!);
      const w = watermarkColumn ? watermarkValue(row[watermarkColumn]) : null;
      batch.watermarks[i] = w === null ? null : encodeWatermark({ kind, value: w });
    }
  }
  return { ...batch, ...pack(prefixes, texts) };
}

/**
 * A prepared row on its way to a destination. Its JSON text, payload object and source row are
 * built only if a destination or a rejection asks for them: the HTTP path copies the JSON's
 * bytes into the request body as they are.
 */
export class PreparedRecord implements OutRecord {
  readonly op = 'upsert';
  readonly jsonBytes: number;
  constructor(
    private readonly batch: PreparedBatch,
    private readonly index: number,
    readonly rowKey: string,
    readonly idempotencyKey: string,
    readonly bytes: number,
    readonly resolves?: readonly number[],
  ) {
    this.jsonBytes = batch.offsets[2 * index + 2]! - batch.offsets[2 * index + 1]!;
  }

  get json(): string {
    return payloadText(this.batch, this.index);
  }

  copyJson(target: Buffer, at: number): number {
    return this.batch.payloads.copy(target, at, this.batch.offsets[2 * this.index + 1], this.batch.offsets[2 * this.index + 2]);
  }

  get hash(): string {
    return this.idempotencyKey;
  }

  get watermark(): string | null {
    return this.batch.watermarks?.[this.index] ?? null;
  }

  get rateKey(): string | null {
    return this.batch.rateKeys?.[this.index] ?? null;
  }

  get fields(): readonly string[] | undefined {
    return this.batch.fields ?? undefined;
  }

  get payload(): Record<string, unknown> {
    return JSON.parse(this.json) as Record<string, unknown>;
  }

  get source(): Row {
    return sourceAt(this.batch, this.index);
  }
}
