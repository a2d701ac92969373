import type { QueryPreview } from '../../../../shared/schemas';
import { ErrorNotice } from '../../components/error-notice';

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Why the query could not be previewed, with the SQL that fixes it when an admin's GRANT does
 * (copyable). Where the error is in the query is for the editor to mark: pass
 * `preview.error.position` to SqlEditor's `errorAt`.
 */
export function QueryProblem(props: { error: NonNullable<QueryPreview['error']> }) {
  return (
    <section className="query-problem" aria-label="Query problem">
      <ErrorNotice error={props.error} />
    </section>
  );
}

/** The query's first rows, each column headed by its name and Snowflake type; or why there are none. */
export function PreviewTable(props: { preview: QueryPreview }) {
  const { preview } = props;
  if (preview.error) return <QueryProblem error={preview.error} />;
  return (
    <section className="preview" aria-label="Query preview">
      <p className="muted small">
        {preview.rows.length === 0
          ? 'The query ran and returned no rows.'
          : `First ${preview.rows.length} row${preview.rows.length === 1 ? '' : 's'}${preview.truncated ? ' (more not shown)' : ''}, ${preview.columns.length} columns.`}
        {preview.queryId && <> Query id <code>{preview.queryId}</code>.</>}
      </p>
      <div className="table-scroll">
        <table className="table table-compact" aria-label="Preview rows">
          <thead>
            <tr>
              {preview.columns.map((c) => (
                <th key={c.name} scope="col">
                  <span className="column-name">{c.name}</span>
                  <span className="column-type">
                    {c.type}
                    {c.nullable ? '' : ' · not null'}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, i) => (
              <tr key={i}>
                {preview.columns.map((c) => (
                  <td key={c.name} className={row[c.name] === null ? 'cell-null' : undefined}>
                    {cell(row[c.name])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
