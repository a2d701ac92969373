import { Worker } from 'node:worker_threads';
import type { DriverError, DriverOptions } from '../../snowflake/driver';
import type { PrepareSpec, PreparedBatch } from '../rows/prepared';
import type { ReadRequest, ReaderControl, ReaderMessage } from './reader-messages';
import type { SourceColumn } from './snowflake-source';

/** The reader thread hit its heap bound: the result's chunks are larger than a run may hold. */
export class ReaderOutOfMemory extends Error {
  constructor(readonly heapMb: number) {
    super(`reading the result needed more than ${heapMb} MB of memory`);
  }
}

/** The query could not be started (login, SQL, permissions): the driver's error, to explain. */
export class SourceOpenError extends Error {
  constructor(readonly driverError: DriverError) {
    super(driverError.message);
  }
}

export interface RowSource {
  columns: SourceColumn[];
  queryId: string | null;
  /** Rows in the query's order, prepared, a batch at a time. Throws if the read fails part-way. */
  batches: AsyncIterable<PreparedBatch>;
  /** Stops the query and the reader; safe to call more than once, and after the end. */
  close(): Promise<void>;
}

export interface SourceOptions {
  /** The engine's worker file: the reader runs the same file in its own role. */
  engineFile: string;
  heapMb: number;
  /** The reader's young generation (V8's default is 48 MB). */
  youngMb?: number;
  options: DriverOptions;
  sql: string;
  binds: unknown[];
  prepare: PrepareSpec;
  batchRows?: number;
  window?: number;
  /** Cancelling before the query has started stops the reader at once. */
  signal?: AbortSignal;
}

const CLOSE_GRACE_MS = 5_000;
const READ_DEFAULTS = { batchRows: 1000, window: 8 };

/**
 * Runs the query in a reader thread (see reader-thread.ts) and hands its rows to this thread in
 * prepared batches. Resolves once the query has started and its columns are known.
 */
export function openRowSource(o: SourceOptions): Promise<RowSource> {
  const worker = new Worker(o.engineFile, {
    workerData: { role: 'source' },
    resourceLimits: { maxOldGenerationSizeMb: o.heapMb, ...(o.youngMb ? { maxYoungGenerationSizeMb: o.youngMb } : {}) },
    env: { ...process.env, SNOWFLAKE_DISABLE_PLATFORM_DETECTION: 'true' },
  });
  const control = (message: ReaderControl) => worker.postMessage(message);
  const request: ReadRequest = { type: 'read', options: o.options, sql: o.sql, binds: o.binds, prepare: o.prepare, batchRows: o.batchRows ?? READ_DEFAULTS.batchRows, window: o.window ?? READ_DEFAULTS.window };
  worker.postMessage(request);
  const queue: PreparedBatch[] = [];
  let ended = false;
  let failure: Error | null = null;
  let waiting: (() => void) | null = null;
  let exited = false;
  const exit = new Promise<void>((resolve) => worker.once('exit', () => ((exited = true), resolve())));
  const notify = () => {
    waiting?.();
    waiting = null;
  };

  return new Promise<RowSource>((resolve, reject) => {
    let opened = false;
    worker.on('message', (message: ReaderMessage) => {
      if (message.type === 'open') {
        opened = true;
        resolve(source(message.columns, message.queryId));
      } else if (message.type === 'rows') {
        // Bytes arrive as a plain Uint8Array: the engine reads them as a Buffer.
        const { payloads } = message.batch;
        message.batch.payloads = Buffer.from(payloads.buffer, payloads.byteOffset, payloads.byteLength);
        queue.push(message.batch);
      } else if (message.type === 'end') {
        ended = true;
      } else if (!opened) {
        reject(new SourceOpenError(message.error));
      } else {
        failure = new Error(message.error.message);
      }
      notify();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      failure = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ReaderOutOfMemory(o.heapMb) : new Error(`the reader thread failed: ${error.message}`);
      if (!opened) reject(failure);
      notify();
    });
    const abandon = () => {
      if (opened) return;
      failure = new Error('cancelled before the query started');
      void worker.terminate();
    };
    o.signal?.addEventListener('abort', abandon, { once: true });
    void exit.then(() => {
      o.signal?.removeEventListener('abort', abandon);
      if (!ended && !failure) failure = new Error('the reader thread stopped before the end of the result');
      if (!opened) reject(failure!);
      notify();
    });

    const source = (columns: SourceColumn[], queryId: string | null): RowSource => ({
      columns,
      queryId,
      batches: {
        async *[Symbol.asyncIterator]() {
          for (;;) {
            const batch = queue.shift();
            if (batch) {
              control({ type: 'taken' });
              yield batch;
              continue;
            }
            if (failure) throw failure;
            if (ended) return;
            await new Promise<void>((wake) => (waiting = wake));
          }
        },
      },
      close: async () => {
        if (exited) return;
        if (!ended && !failure) control({ type: 'cancel' });
        // The reader cancels the query (if still reading), logs out and exits; it is stopped
        // anyway if that takes too long.
        const timer = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
        await exit;
        clearTimeout(timer);
      },
    });
  });
}

