import type { MessagePort } from 'node:worker_threads';
import { connect, disconnect, readDriverError } from '../../core/snowflake/driver';
import type { ReadRequest, ReaderControl, ReaderMessage } from './reader-messages';
import { streamQuery, type OpenStream } from './snowflake-source';

/**
 * The reader side of a run, in its own thread: the driver's row parsing (timestamps, VARIANT
 * JSON) costs about as much per row as everything Floe does with the row afterwards, so the two
 * run on separate cores. Rows go to the run in batches, at most `window` batches ahead of what
 * the run has taken: a slow destination still slows the download, and memory stays bounded.
 */
export async function readInThread(port: MessagePort, request: ReadRequest): Promise<void> {
  const post = (message: ReaderMessage) => port.postMessage(message);
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
    stream = await streamQuery(driver, request.sql, request.binds);
  } catch (error) {
    post({ type: 'failed', stage: 'open', error: readDriverError(error) });
    if (driver) await disconnect(driver);
    return;
  }
  post({ type: 'open', columns: stream.columns, queryId: stream.queryId });
  try {
    let batch: Record<string, unknown>[] = [];
    for await (const row of stream.rows) {
      if (cancelled) break;
      stream.exactNumbers(row);
      batch.push(row);
      if (batch.length >= request.batchRows) {
        await room();
        if (cancelled) break;
        credits -= 1;
        post({ type: 'rows', rows: batch });
        batch = [];
      }
    }
    if (!cancelled && batch.length > 0) {
      await room();
      if (!cancelled) post({ type: 'rows', rows: batch });
    }
    post({ type: 'end', cancelled });
  } catch (error) {
    post(cancelled ? { type: 'end', cancelled } : { type: 'failed', stage: 'read', error: readDriverError(error) });
  } finally {
    await disconnect(driver);
  }
}
