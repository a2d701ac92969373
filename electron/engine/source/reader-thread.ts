import type { MessagePort } from 'node:worker_threads';
import { connect, disconnect, readDriverError } from '../../snowflake/driver';
import { shaperFor } from '../destinations';
import { prepareBatch, type PreparedBatch } from '../rows/prepared';
import { encodeSources, jsonColumns, parseJsonValue } from '../rows/source-columns';
import type { ReadRequest, ReaderControl, ReaderMessage } from './reader-messages';
import { streamQuery, type OpenStream, type SourceColumn } from './snowflake-source';

/**
 * Rows → a prepared batch: the source rows by column (VARIANT still as its text), then VARIANT
 * parsed and each row keyed, mapped and written as canonical JSON (the run hashes it).
 */
function preparer(request: ReadRequest, columns: SourceColumn[]): (rows: Record<string, unknown>[]) => PreparedBatch {
  const json = jsonColumns(columns);
  const watermarkType = request.prepare.watermarkColumn
    ? columns.find((c) => c.name.toLowerCase() === request.prepare.watermarkColumn!.toLowerCase())?.type
    : undefined;
  const spec = { ...request.prepare, watermarkType };
  const shaper = shaperFor(spec.destination);
  return (rows) => {
    const sources = encodeSources(rows, columns);
    if (json.length) for (const row of rows) for (const name of json) row[name] = parseJsonValue(row[name]);
    return prepareBatch(rows, spec, sources, shaper);
  };
}

/**
 * The reader side of a run, in its own thread: the driver's row parsing and Floe's per-row work
 * (mapping, canonical JSON) run on one core while delivery and state run on the other.
 * Rows go to the run as prepared batches, at most `window` ahead of what the run has taken: a
 * slow destination still slows the download, and memory stays bounded.
 */
export async function readInThread(port: MessagePort, request: ReadRequest): Promise<void> {
  // A batch's payload bytes and offsets are moved to the run, not copied.
  const post = (message: ReaderMessage) => port.postMessage(message, message.type === 'rows' ? [message.batch.payloads.buffer as ArrayBuffer, message.batch.offsets.buffer as ArrayBuffer] : []);
  let credits = request.window;
  let cancelled = false;
  let wake: (() => void) | null = null;
  let stream: OpenStream | null = null;
  port.on('message', (message: ReaderControl) => {
    if (message.type === 'taken') credits += 1;
    else {
      cancelled = true;
      void stream?.cancel();
    }
    wake?.();
  });
  const room = async () => {
    while (credits <= 0 && !cancelled) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
  };

  let driver: Awaited<ReturnType<typeof connect>> | null = null;
  try {
    driver = await connect(request.options);
    stream = await streamQuery(driver, request.sql, request.binds, { jsonAsText: true });
  } catch (error) {
    post({ type: 'failed', stage: 'open', error: readDriverError(error) });
    if (driver) await disconnect(driver);
    return;
  }
  post({ type: 'open', columns: stream.columns, queryId: stream.queryId });
  const prepare = preparer(request, stream.columns);
  try {
    let rows: Record<string, unknown>[] = [];
    for await (const row of stream.rows) {
      if (cancelled) break;
      stream.exactNumbers(row);
      rows.push(row);
      if (rows.length >= request.batchRows) {
        // Prepared before waiting for room: the work overlaps the run's.
        const batch = prepare(rows);
        rows = [];
        await room();
        if (cancelled) break;
        credits -= 1;
        post({ type: 'rows', batch });
      }
    }
    if (!cancelled && rows.length > 0) {
      const batch = prepare(rows);
      await room();
      if (!cancelled) post({ type: 'rows', batch });
    }
    post({ type: 'end', cancelled });
  } catch (error) {
    post(cancelled ? { type: 'end', cancelled } : { type: 'failed', stage: 'read', error: readDriverError(error) });
  } finally {
    await disconnect(driver);
  }
}
