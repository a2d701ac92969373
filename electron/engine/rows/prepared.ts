import type { Mapping } from '../../../shared/schemas';
import type { OutRecord } from '../delivery/batcher';
import { mapRow, findColumn, type Row } from '../mapping/map-row';
import { encodeWatermark, watermarkKind, watermarkValue } from '../watermark';
import { identifyRow } from './idempotency';
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
}

/**
 * A batch of source rows, each keyed, mapped, checked and hashed: parallel arrays with one entry
 * a row, and every payload's JSON in one buffer, so the batch crosses threads as a few strings
 * and bytes rather than objects. What is left for the run is what needs its state: duplicates,
 * the diff snapshot, and delivery.
 */
export interface PreparedBatch {
  count: number;
  /** The row's key (primary key, or digest without one); null if rejected before it had one. */
  keys: (string | null)[];
  /**
   * Every row's payload as canonical JSON in UTF-8, back to back: row i is the bytes from
   * offsets[i] to offsets[i + 1] (none for a rejected row). The buffer is moved between threads,
   * not copied, and request bodies are assembled from it by copying bytes.
   */
  payloads: Buffer;
  offsets: Uint32Array;
  /** Snapshot hash and idempotency key in one (see identifyRow); null for a rejected row. */
  digests: (string | null)[];
  /** Why each row was rejected, or null throughout when none was. */
  reasons: (string | null)[] | null;
  /** incremental by column: each row's encoded watermark value. */
  watermarks: (string | null)[] | null;
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
  return batch.payloads.toString('utf8', batch.offsets[i], batch.offsets[i + 1]);
}

/** The texts in one buffer an owner of its memory (so it can be transferred), with offsets. */
function pack(texts: string[]): { payloads: Buffer; offsets: Uint32Array } {
  const offsets = new Uint32Array(texts.length + 1);
  let size = 0;
  for (let i = 0; i < texts.length; i++) {
    offsets[i] = size;
    size += Buffer.byteLength(texts[i]!);
  }
  offsets[texts.length] = size;
  const payloads = Buffer.allocUnsafeSlow(size);
  for (let i = 0; i < texts.length; i++) payloads.write(texts[i]!, offsets[i]!);
  return { payloads, offsets };
}

/** Keys, maps and hashes rows. Pure: the strategy decides afterwards what to do with each. */
export function prepareBatch(rows: Row[], spec: PrepareSpec, sources: SourceColumns | Row[] = rows): PreparedBatch {
  const n = rows.length;
  const texts = new Array<string>(n).fill('');
  const batch: Omit<PreparedBatch, 'payloads' | 'offsets'> = {
    count: n,
    keys: new Array<string | null>(n),
    digests: new Array<string | null>(n),
    reasons: null,
    watermarks: spec.watermarkColumn ? new Array<string | null>(n).fill(null) : null,
    fields: null,
    sources,
  };
  const reject = (i: number, key: string | null, reason: string) => {
    batch.reasons ??= new Array<string | null>(n).fill(null);
    batch.reasons[i] = reason;
    batch.keys[i] = key;
    batch.digests[i] = null;
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
    batch.fields ??= mapped.fields;
    const id = identifyRow(spec.syncId, keyed?.key ?? null, mapped.payload);
    batch.keys[i] = id.rowKey;
    texts[i] = id.text;
    batch.digests[i] = id.digest;
    if (batch.watermarks) {
      watermarkColumn ??= findColumn(row, spec.watermarkColumn!);
      const w = watermarkColumn ? watermarkValue(row[watermarkColumn]) : null;
      batch.watermarks[i] = w === null ? null : encodeWatermark({ kind, value: w });
    }
  }
  return { ...batch, ...pack(texts) };
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
    readonly reoffers?: number,
  ) {
    this.jsonBytes = batch.offsets[index + 1]! - batch.offsets[index]!;
  }

  get json(): string {
    return payloadText(this.batch, this.index);
  }

  copyJson(target: Buffer, at: number): number {
    return this.batch.payloads.copy(target, at, this.batch.offsets[this.index], this.batch.offsets[this.index + 1]);
  }

  get hash(): string {
    return this.idempotencyKey;
  }

  get watermark(): string | null {
    return this.batch.watermarks?.[this.index] ?? null;
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
