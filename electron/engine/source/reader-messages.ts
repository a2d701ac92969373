import type { DriverError, DriverOptions } from '../../snowflake/driver';
import type { PrepareSpec, PreparedBatch } from '../rows/prepared';
import type { SourceColumn } from './snowflake-source';

/** What the run asks its reader thread to read. */
export interface ReadRequest {
  type: 'read';
  options: DriverOptions;
  sql: string;
  binds: unknown[];
  /** How rows become records: the reader keys and maps them, and writes their canonical JSON. */
  prepare: PrepareSpec;
  /** Rows per message: large enough that messaging costs little per row. */
  batchRows: number;
  /** Messages the reader may have sent and the run not yet taken: the backpressure window. */
  window: number;
}

/** The run to its reader: a batch was taken (one more may be sent), or stop. */
export type ReaderControl = { type: 'taken' } | { type: 'cancel' };

/** The reader to the run. */
export type ReaderMessage =
  | { type: 'open'; columns: SourceColumn[]; queryId: string | null }
  | { type: 'rows'; batch: PreparedBatch }
  | { type: 'end'; cancelled: boolean }
  | { type: 'failed'; stage: 'open' | 'read'; error: DriverError };
