import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { file, type FileSettings } from '../../../../shared/destinations/file';
import type { OutRecord } from '../../delivery/batcher';
import { inFieldOrder } from '../../mapping/map-row';
import { Stop } from '../../run-checks';
import { DeliveryError, type DestinationModule, type RecordResult } from '../types';
import { csvLine } from './csv';
import { checkFolder } from './folder';

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'sync';

/** The record as written: its fields in the query's order (the CSV header's), then Floe's id. */
function fileRecord(record: Pick<OutRecord, 'payload' | 'fields' | 'idempotencyKey' | 'op' | 'rowKey'>): Record<string, unknown> {
  if (record.op === 'delete') return { _floe_id: record.idempotencyKey, _floe_op: 'delete', _floe_key: record.rowKey };
  return { ...inFieldOrder(record.payload, record.fields), _floe_id: record.idempotencyKey };
}

/** A run's partial file: `.<target>.<run id>.partial`, hidden beside its target. */
const partialName = (target: string, runId: string) => `.${path.basename(target)}.${runId}.partial`;
const PARTIAL = /^\..+\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.partial$/;

/** The file a run writes: prefix, sync and start time, so runs never overwrite each other. */
function targetPath(s: FileSettings, syncName: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return path.join(s.directory, `${s.prefix}-${slug(syncName)}-${stamp}.${s.format}`);
}

/**
 * A file per run. Rows go to a hidden partial file beside the target; `finish` flushes it to
 * disk, and the engine renames it into place once the run's state is committed with the intent
 * to (a run killed in between has its file moved into place by the next run). So a file either
 * holds a whole run or does not exist, and nothing counts as delivered until then.
 */
export const fileDestination: DestinationModule<FileSettings> = {
  descriptor: file,
  acknowledgesAtFinish: true,
  limits: () => ({ maxRecords: 5_000, maxBytes: 8 * 1024 * 1024, concurrency: 1, timeoutMs: 60_000, ratePerSecond: null, maxAttempts: 3 }),
  recordBytes: (payloadBytes, record) => (record.op === 'delete' ? 90 + record.rowKey.length : payloadBytes + 50),
  preview: (batch, s, { syncName, now }) => {
    const records = batch.map(fileRecord);
    const write = { method: 'WRITE', url: pathToFileURL(targetPath(s, syncName, now)).href, headers: {} };
    if (s.format === 'ndjson') return { ...write, body: records.map((r) => JSON.stringify(r)).join('\n') + '\n' };
    const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
    return { ...write, body: csvLine(columns) + records.map((r) => csvLine(columns.map((c) => r[c]))).join('') };
  },
  // Partial files of runs that are over (killed, then marked interrupted) hold rows never
  // acknowledged: the next run sends them again, so the partial files only take space. Those of
  // runs Floe does not know (another data folder writing here) are left alone.
  sweep: (settings, over) => {
    let names: string[];
    try {
      names = fs.readdirSync(settings.directory);
    } catch {
      return;
    }
    for (const name of names) {
      const runId = PARTIAL.exec(name)?.[1];
      if (!runId || !over(runId)) continue;
      try {
        fs.rmSync(path.join(settings.directory, name), { force: true });
      } catch {
        // left for a later run: a file Floe cannot remove does not stop this one
      }
    }
  },
  open: async ({ settings, runId, syncName, now }) => {
    const directory = settings.directory;
    // A missing folder is not made here: a typo or an unmounted drive would quietly fill a
    // folder nobody looks at. The run stops saying so; the destination's form offers to create it.
    const folder = checkFolder(directory);
    if (folder.state === 'missing') {
      throw new Stop({
        code: 'folder_missing',
        message: `The folder ${directory} does not exist, so Floe wrote no file.`,
        remedy: 'Create the folder (Edit the destination: its form offers to), or choose another folder; Floe does not create it during a run.',
      });
    }
    if (folder.problem) throw new Stop({ code: 'folder_unusable', message: folder.problem.message, remedy: folder.problem.remedy });
    const target = targetPath(settings, syncName, now);
    const partial = path.join(directory, partialName(target, runId));
    let fd: number;
    try {
      fd = fs.openSync(partial, 'wx', 0o600);
    } catch (error) {
      throw new DeliveryError(`Floe could not write in ${directory}: ${(error as Error).message}`, false);
    }
    let columns: string[] | null = null;
    return {
      async send(batch) {
        const results: RecordResult[] = [];
        let text = '';
        for (const record of batch) {
          const row = fileRecord(record);
          if (settings.format === 'ndjson') {
            text += JSON.stringify(row) + '\n';
            results.push({ status: 'accepted' });
            continue;
          }
          if (!columns) {
            columns = Object.keys(row);
            text += csvLine(columns);
          }
          const extra = Object.keys(row).filter((k) => !columns!.includes(k));
          if (extra.length) {
            // A CSV's columns are fixed by its header; a record with more can't be written whole.
            results.push({ status: 'rejected', reason: `field ${extra.join(', ')} is not a column of this CSV file (its header comes from the first row)`, retryable: false });
            continue;
          }
          text += csvLine(columns.map((c) => row[c]));
          results.push({ status: 'accepted' });
        }
        const bytes = Buffer.from(text);
        fs.writeSync(fd, bytes);
        return { results, bytes: bytes.length };
      },
      async finish() {
        fs.fsyncSync(fd);
        fs.closeSync(fd);
        return { location: target, publish: { partial, target } };
      },
      async abort() {
        try {
          fs.closeSync(fd);
        } catch {
          // already closed
        }
        fs.rmSync(partial, { force: true });
      },
    };
  },
};
