import type { Database } from 'better-sqlite3';
import type { DryRunResult } from '../../shared/schemas';
import { driverOptions } from '../snowflake/driver-options';
import { explainError } from '../snowflake/error-remedies';
import { connect, disconnect, readDriverError } from '../snowflake/driver';
import type { OutRecord } from './delivery/batcher';
import { destinationModule } from './destinations';
import type { RunJob } from './job';
import { inFieldOrder, mapRow } from './mapping/map-row';
import { identifyRow } from './rows/idempotency';
import { rowKey } from './rows/row-key';
import { streamQuery } from './source/snowflake-source';
import { bindTemplate } from './source/template';
import { RunStore } from './state/run-store';
import { decodeWatermark, incrementalSql } from './watermark';

const EPOCH = '1970-01-01T00:00:00.000Z';
const MAX_REQUESTS_SHOWN = 3;

/** Wraps the sync's query so only a sample is read. */
function sampleSql(sql: string, limit: number): string {
  return `SELECT * FROM (${sql.trim().replace(/;+\s*$/, '')}) AS floe_sample LIMIT ${Math.max(1, Math.floor(limit))}`;
}

/**
 * What a run would do with a sample of rows, without doing it: each row mapped and checked,
 * the exact request bodies it would become, and every problem found. Sends nothing and writes
 * nothing (the snapshot is read, to tell which rows are unchanged).
 */
export async function dryRun(job: RunJob, db: Database, sampleSize: number): Promise<DryRunResult> {
  const { sync } = job;
  const module = destinationModule(job.destination.kind);
  const problems: string[] = [];
  const result: DryRunResult = { columns: [], rows: [], requests: [], counts: { read: 0, send: 0, unchanged: 0, rejected: 0 }, problems, queryId: null };
  if (!module) {
    problems.push(`Floe cannot send to ${job.destination.kind} destinations yet.`);
    return result;
  }
  const settings = module.settings.parse(job.destination.settings);
  const limits = module.limits(settings);
  const store = new RunStore(db, sync.id, job.runId);
  const state = store.state();

  let sql: string;
  let binds: string[];
  if (sync.strategy === 'incremental' && sync.watermarkColumn) {
    ({ sql, binds } = incrementalSql(sync.query, sync.watermarkColumn, decodeWatermark(state.watermark)));
  } else {
    const bound = bindTemplate(sync.query, { last_sync_time: state.lastSuccessStartedAt ?? EPOCH });
    if (!bound.ok) {
      problems.push(bound.reason);
      return result;
    }
    ({ sql, binds } = bound);
  }

  const driver = await connect(driverOptions(job.connection, job.credentials, 60_000)).catch((error: unknown) => {
    const problem = explainError(readDriverError(error), job.connection, { host: job.connection.accessUrl ?? job.connection.account, fingerprint: null });
    problems.push(`${problem.message} ${problem.remedy}`);
    return null;
  });
  if (!driver) return result;
  try {
    const stream = await streamQuery(driver, sampleSql(sql, sampleSize), binds);
    result.queryId = stream.queryId;
    result.columns = stream.columns;
    const names = new Set(stream.columns.map((c) => c.name.toLowerCase()));
    for (const pk of sync.primaryKey) if (!names.has(pk.toLowerCase())) problems.push(`The primary key column ${pk} is not in the query's output.`);
    if (sync.watermarkColumn && !names.has(sync.watermarkColumn.toLowerCase())) problems.push(`The timestamp column ${sync.watermarkColumn} is not in the query's output.`);
    for (const rule of sync.mapping.rules) {
      if (rule.source && !names.has(rule.source.toLowerCase())) problems.push(`Field ${rule.target} takes column ${rule.source}, which is not in the query's output.`);
    }
    if (stream.columns.length > 300) problems.push(`The query returns ${stream.columns.length} columns; Floe syncs at most 300.`);

    const seen = new Set<string>();
    const outgoing: OutRecord[] = [];
    let index = 0;
    for await (const row of stream.rows) {
      stream.exactNumbers(row);
      index += 1;
      result.counts.read += 1;
      const keyed = sync.primaryKey.length ? rowKey(row, sync.primaryKey) : null;
      const mapped = mapRow(row, sync.mapping);
      // Shown with its fields in the query's order, as the user wrote them.
      const shown = mapped.ok ? inFieldOrder(mapped.payload, mapped.fields) : null;
      const reject = (reason: string, key: string | null) => {
        result.counts.rejected += 1;
        result.rows.push({ index, key, status: 'rejected', reason, payload: shown });
      };
      if (keyed && !keyed.ok) {
        reject(keyed.reason, null);
        continue;
      }
      if (!mapped.ok) {
        reject(mapped.reason, keyed?.key ?? null);
        continue;
      }
      // The same identity a real run computes, so the previewed bodies carry the keys it would send.
      const { rowKey: key, text, digest: hash } = identifyRow(sync.id, keyed?.key ?? null, mapped.payload);
      if (sync.strategy === 'diff') {
        if (seen.has(key)) {
          reject(`duplicate primary key ${key}`, key);
          continue;
        }
        seen.add(key);
        if (store.snapshotHash(key) === hash) {
          result.counts.unchanged += 1;
          result.rows.push({ index, key, status: 'unchanged', reason: null, payload: shown });
          continue;
        }
      }
      result.counts.send += 1;
      result.rows.push({ index, key, status: 'send', reason: null, payload: shown });
      const record = { rowKey: key, idempotencyKey: hash, op: 'upsert' as const, payload: mapped.payload, fields: mapped.fields, json: text, hash, watermark: null, source: null, bytes: 0 };
      record.bytes = module.recordBytes(Buffer.byteLength(text), record, settings);
      if (record.bytes > limits.maxBytes) {
        result.rows.at(-1)!.status = 'rejected';
        result.rows.at(-1)!.reason = `the record is ${record.bytes} bytes, over the destination's ${limits.maxBytes}-byte batch limit`;
        result.counts.send -= 1;
        result.counts.rejected += 1;
        continue;
      }
      outgoing.push(record);
    }
    for (let i = 0; i < outgoing.length && result.requests.length < MAX_REQUESTS_SHOWN; i += limits.maxRecords) {
      result.requests.push(module.preview(outgoing.slice(i, i + limits.maxRecords), settings));
    }
  } catch (error) {
    const problem = explainError(readDriverError(error), job.connection, { host: job.connection.accessUrl ?? job.connection.account, fingerprint: null });
    problems.push(`${problem.message} ${problem.remedy}`);
  } finally {
    await disconnect(driver);
  }
  return result;
}
