import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './state/sqlite';
import { dryRun } from './dry-run';
import { previewQuery } from './preview';
import type { WorkerReply, WorkerRequest } from './protocol';
import { runSync } from './run-sync';
import type { ReadRequest } from './source/reader-messages';
import { readInThread } from './source/reader-thread';

/**
 * One run per worker thread. The start message carries the whole job (secrets included, never
 * written anywhere); the worker streams rows, posts progress, commits on its own SQLite
 * connection, and posts the outcome. The main thread never touches rows. Messages both ways are
 * declared in protocol.ts.
 */
if (!parentPort) throw new Error('worker.ts runs as a worker thread.');
const port = parentPort;
const abort = new AbortController();

const reply = (message: WorkerReply) => port.postMessage(message);

function serve(message: WorkerRequest): void {
  if (message.type === 'cancel') return void abort.abort(new Error('cancelled'));
  if (message.type === 'preview') {
    void previewQuery(message.connection, message.credentials, message.query, message.lastSyncTime).then(
      (result) => reply({ type: 'preview', result }),
      (error: unknown) => reply({ type: 'crashed', message: error instanceof Error ? error.message : String(error) }),
    );
    return;
  }
  const db = openSqlite(message.job.databaseFile, { nativeBinding: message.job.nativeBinding });
  const work: Promise<WorkerReply> =
    message.type === 'run'
      ? runSync(message.job, db, { signal: abort.signal, engineFile: __filename, progress: (progress) => reply({ type: 'progress', progress }) }).then((outcome) => ({ type: 'done', outcome }))
      : dryRun(message.job, db, message.sampleSize, __filename).then((result) => ({ type: 'dry-run', result }));
  work
    .then(reply)
    .catch((error: unknown) => reply({ type: 'crashed', message: error instanceof Error ? error.message : String(error) }))
    .finally(() => db.close());
}

if ((workerData as { role?: string } | null)?.role === 'source') {
  // A run's reader thread (this same file, in its other role): reads the query, then exits.
  port.once('message', (request: ReadRequest) => void readInThread(port, request).finally(() => port.close()));
} else {
  port.on('message', serve);
}
