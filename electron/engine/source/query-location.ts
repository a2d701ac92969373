import { positionAt, type QueryPosition } from '../../snowflake/query-errors';
import { queryBody } from '../../snowflake/statements';
import { bindTemplate } from './template';

/** The 0-based offset of Snowflake's "line L at position P" (line from 1, position from 0) in a text; null past its end. */
function offsetOf(text: string, line: number, position: number): number | null {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const newline = text.indexOf('\n', start);
    if (newline < 0) return null;
    start = newline + 1;
  }
  const offset = start + position;
  return offset <= text.length ? offset : null;
}

/** An offset of the bound text (templates replaced by `?`) as the offset of the same character in the query. */
function queryOffset(query: string, bound: string, offset: number): number {
  let i = 0;
  for (let j = 0; j < offset && i < query.length; j++) {
    if (query[i] !== bound[j] && bound[j] === '?' && query.startsWith('{{', i)) i = query.indexOf('}}', i) + 2;
    else i += 1;
  }
  return i;
}

/**
 * Reads a place Snowflake reported in the text Floe sent back as a place in the user's query.
 * Floe sends the query wrapped (a sample's LIMIT, a watermark's WHERE … ORDER BY), without what
 * follows its last statement and with its template values bound as `?`; the query is found in the
 * sent text as that, and a place outside it (in the wrapping) is null.
 */
export function queryLocator(query: string, sent: string): (line: number, position: number) => QueryPosition | null {
  const bound = bindTemplate(query, { last_sync_time: '' });
  for (const text of bound.ok ? [bound.sql, query] : [query]) {
    // Wrapped as its body (see queryBody), perhaps trimmed: found by its text from the first character that is not blank.
    const body = queryBody(text);
    const lead = body.length - body.trimStart().length;
    const core = body.slice(lead);
    const at = core ? sent.indexOf(core) : -1;
    if (at < 0) continue;
    return (line, position) => {
      const offset = offsetOf(sent, line, position);
      if (offset === null || offset < at || offset > at + core.length) return null;
      return positionAt(query, queryOffset(query, text, offset - at + lead));
    };
  }
  return () => null;
}
