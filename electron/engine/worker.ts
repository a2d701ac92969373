import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './state/sqlite';
import { dryRun } from './dry-run';
import type { Connection } from '../../shared/schemas';
import type { Credentials } from '../snowflake/driver-options';
import type { RunJob } from './job';
import { previewQuery } from './preview';
import { runSync } from './run-sync';
import type { ReadRequest } from './source/reader-messages';
import { readInThread } from './source/reader-thread';

/**
 * One run per worker thread. The start message carries the whole job (secrets included, never
 * written anywhere); the worker streams rows, posts progress, commits on its own SQLite
 * connection, and posts the outcome. The main thread never touches rows.
 */
export type WorkerRequest =
  | { type: 'run'; job: RunJob }
  | { type: 'dry-run'; job: RunJob; sampleSize: number }
  | { type: 'preview'; connection: Connection; credentials: Credentials; query: string; lastSyncTime: string }
  | { type: 'cancel' };

if (!parentPort) throw new Error('worker.ts runs as a worker thread.');
const port = parentPort;
const abort = new AbortController();

function serve(message: WorkerRequest): void {
  if (message.type === 'cancel') return void abort.abort(new Error('cancelled'));
  if (message.type === 'preview') {
    void previewQuery(message.connection, message.credentials, message.query, message.lastSyncTime).then(
      (result) => port.postMessage({ type: 'preview', result }),
      (error: unknown) => port.postMessage({ type: 'crashed', message: error instanceof Error ? error.message : String(error) }),
    );
    return;
  }
  const db = openSqlite(message.job.databaseFile, { nativeBinding: message.job.nativeBinding });
  const work =
    message.type === 'run'
      ? runSync(message.job, db, { signal: abort.signal, engineFile: __filename, progress: (progress) => port.postMessage({ type: 'progress', progress }) }).then((outcome) => ({ type: 'done', outcome }))
      : dryRun(message.job, db, message.sampleSize).then((result) => ({ type: 'dry-run', result }));
  work
    .then((reply) => port.postMessage(reply))
    .catch((error: unknown) => port.postMessage({ type: 'crashed', message: error instanceof Error ? error.message : String(error) }))
    .finally(() => db.close());
}

if ((workerData as { role?: string } | null)?.role === 'source') {
  // A run's reader thread (this same file, in its other role): reads the query, then exits.
  port.once('message', (request: ReadRequest) => void readInThread(port, request).finally(() => port.close()));
} else {
  port.on('message', serve);
}
