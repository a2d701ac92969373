import type { Connection as DriverConnection, RowStatement } from 'snowflake-sdk';
import type { Readable } from 'node:stream';
import { readTimestampsFast } from './timestamps';

export interface SourceColumn {
  name: string;
  type: string;
  nullable: boolean;
}

/**
 * A NUMBER as JavaScript sees it: a number when that is exact, else the digits as text. The
 * driver's own conversion turns integers beyond 2^53 (NUMBER(38,0) ids, hashes) into the nearest
 * double, silently changing them; Floe fetches numbers as text and keeps those as strings.
 */
export function exactNumber(text: string): number | string {
  const n = Number(text);
  return Number.isInteger(n) && !Number.isSafeInteger(n) ? text : n;
}

/** Makes a row's NUMBER columns (fetched as text) numbers again, except integers too large to be exact. */
export function numberConverter(columns: SourceColumn[]): ((row: Record<string, unknown>) => void) | null {
  const numeric = columns.filter((c) => c.type === 'fixed' || c.type === 'real').map((c) => c.name);
  if (numeric.length === 0) return null;
  return (row) => {
    for (const name of numeric) {
      const value = row[name];
      if (typeof value === 'string') row[name] = exactNumber(value);
    }
  };
}

export interface OpenStream {
  /** The driver's rows; pass each through `exactNumbers` before use. */
  rows: AsyncIterable<Record<string, unknown>>;
  /** Makes the row's NUMBER values (fetched as text) numbers again, in place, where exact. */
  exactNumbers(row: Record<string, unknown>): void;
  columns: SourceColumn[];
  queryId: string | null;
  cancel(): Promise<void>;
}

/**
 * Runs the query and streams its rows: the driver fetches result chunks as the consumer pulls,
 * so a slow destination slows the download instead of filling memory.
 */
export function streamQuery(session: DriverConnection, sqlText: string, binds: unknown[], options: { jsonAsText?: boolean } = {}): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    let statement: RowStatement;
    // eslint-disable-next-line prefer-const -- assigned by execute, read in its callback
    statement = session.execute({
      sqlText,
      binds: binds as never,
      streamResult: true,
      // JSON: VARIANT, OBJECT and ARRAY as their text, for a reader that parses them itself.
      fetchAsString: options.jsonAsText ? ['Number', 'JSON'] : ['Number'],
      complete: (error, stmt) => {
        if (error) return reject(error);
        const driverColumns = stmt.getColumns() ?? [];
        readTimestampsFast(driverColumns);
        const columns = driverColumns.map((c) => ({ name: c.getName(), type: c.getType(), nullable: c.isNullable() }));
        const toNumbers = numberConverter(columns);
        const stream: Readable = stmt.streamRows();
        resolve({
          rows: stream as AsyncIterable<Record<string, unknown>>,
          exactNumbers: toNumbers ?? (() => undefined),
          columns,
          queryId: stmt.getQueryId?.() ?? null,
          cancel: () =>
            new Promise<void>((done) => {
              stream.destroy();
              statement.cancel(() => done());
            }),
        });
      },
    }) as RowStatement;
  });
}
