import type { Connection as DriverConnection, RowStatement } from 'snowflake-sdk';
import type { Readable } from 'node:stream';

export interface SourceColumn {
  name: string;
  type: string;
  nullable: boolean;
}

export interface OpenStream {
  rows: AsyncIterable<Record<string, unknown>>;
  columns: SourceColumn[];
  queryId: string | null;
  cancel(): Promise<void>;
}

/**
 * Runs the query and streams its rows: the driver fetches result chunks as the consumer pulls,
 * so a slow destination slows the download instead of filling memory.
 */
export function streamQuery(session: DriverConnection, sqlText: string, binds: unknown[]): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    let statement: RowStatement;
    // eslint-disable-next-line prefer-const -- assigned by execute, read in its callback
    statement = session.execute({
      sqlText,
      binds: binds as never,
      streamResult: true,
      complete: (error, stmt) => {
        if (error) return reject(error);
        const columns = (stmt.getColumns() ?? []).map((c) => ({ name: c.getName(), type: c.getType(), nullable: c.isNullable() }));
        const stream: Readable = stmt.streamRows();
        resolve({
          rows: stream as AsyncIterable<Record<string, unknown>>,
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
