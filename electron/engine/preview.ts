import type { Connection, QueryPreview } from '../../shared/schemas';
import type { Credentials } from '../snowflake/driver-options';
import { driverOptions } from '../snowflake/driver-options';
import { explainError } from '../snowflake/error-remedies';
import { connect, disconnect, readDriverError } from '../snowflake/driver';
import { streamQuery } from './source/snowflake-source';
import { bindTemplate } from './source/template';

export const PREVIEW_ROWS = 100;

const plain = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

/**
 * The first rows of a query and its column types, for the editor. `{{last_sync_time}}` is bound
 * to the given time (the sync's last successful start, or the epoch), exactly as a run binds it.
 */
export async function previewQuery(connection: Connection, credentials: Credentials, query: string, lastSyncTime: string): Promise<QueryPreview> {
  const bound = bindTemplate(query, { last_sync_time: lastSyncTime });
  if (!bound.ok) return { columns: [], rows: [], truncated: false, queryId: null, error: { code: 'template', message: bound.reason, remedy: 'Correct the template value.' } };
  let driver = null;
  try {
    driver = await connect(driverOptions(connection, credentials, 60_000));
    const sql = `SELECT * FROM (${bound.sql.trim().replace(/;+\s*$/, '')}) AS floe_preview LIMIT ${PREVIEW_ROWS + 1}`;
    const stream = await streamQuery(driver, sql, bound.binds);
    const rows: Record<string, unknown>[] = [];
    for await (const row of stream.rows) {
      stream.exactNumbers(row);
      rows.push(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
    }
    return { columns: stream.columns, rows: rows.slice(0, PREVIEW_ROWS), truncated: rows.length > PREVIEW_ROWS, queryId: stream.queryId, error: null };
  } catch (error) {
    const problem = explainError(readDriverError(error), connection, { host: connection.accessUrl ?? connection.account, fingerprint: null });
    return { columns: [], rows: [], truncated: false, queryId: null, error: { code: problem.code, message: problem.message, remedy: problem.remedy } };
  } finally {
    if (driver) await disconnect(driver);
  }
}
