import type { Connection, QueryPreview } from '../../shared/schemas';
import type { Credentials } from '../snowflake/driver-options';
import { driverOptions } from '../snowflake/driver-options';
import { connect, disconnect, readDriverError } from '../snowflake/driver';
import { explainQueryError, statementProblem } from '../snowflake/query-errors';
import { queryBody } from '../snowflake/statements';
import { queryLocator } from './source/query-location';
import { streamQuery } from './source/snowflake-source';
import { bindTemplate } from './source/template';

export const PREVIEW_ROWS = 100;

const plain = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

/**
 * The first rows of a query and its column types, for the editor. `{{last_sync_time}}` is bound
 * to the given time (the sync's last successful start, or the epoch), exactly as a run binds it.
 */
export async function previewQuery(connection: Connection, credentials: Credentials, query: string, lastSyncTime: string): Promise<QueryPreview> {
  const failed = (error: QueryPreview['error']): QueryPreview => ({ columns: [], rows: [], truncated: false, queryId: null, error });
  const bound = bindTemplate(query, { last_sync_time: lastSyncTime });
  if (!bound.ok) return failed({ code: 'template', message: bound.reason, remedy: 'Correct the template value.', sql: null, position: null });
  const statements = statementProblem(query, 'preview');
  if (statements) return failed(statements);
  const sql = `SELECT * FROM (${queryBody(bound.sql)}) AS floe_preview LIMIT ${PREVIEW_ROWS + 1}`;
  let driver = null;
  try {
    driver = await connect(driverOptions(connection, credentials, 60_000));
    const stream = await streamQuery(driver, sql, bound.binds);
    const rows: Record<string, unknown>[] = [];
    for await (const row of stream.rows) {
      stream.exactNumbers(row);
      rows.push(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
    }
    return { columns: stream.columns, rows: rows.slice(0, PREVIEW_ROWS), truncated: rows.length > PREVIEW_ROWS, queryId: stream.queryId, error: null };
  } catch (error) {
    return failed(explainQueryError(readDriverError(error), connection, { query, locate: queryLocator(query, sql), action: 'preview' }));
  } finally {
    if (driver) await disconnect(driver);
  }
}
