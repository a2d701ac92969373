/** Where one statement of a SQL text starts (its first character that is not a blank or a comment) and ends (before its semicolon). */
export interface StatementRange {
  start: number;
  end: number;
}

/**
 * The statements of a SQL text: what semicolons separate, outside strings ('…', $$…$$), quoted
 * identifiers and comments (--, //, /* … *\/); a stretch holding only blanks and comments is none.
 * A sync runs one statement, and Snowflake's own answer to more ("statement count 2 did not match
 * 1") tells the user nothing they can act on, so Floe counts them first.
 */
export function statementsOf(sql: string): StatementRange[] {
  const out: StatementRange[] = [];
  let start = -1;
  let last = -1;
  const code = (from: number, to: number) => {
    if (start < 0) start = from;
    last = to;
  };
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === ';') {
      if (start >= 0) out.push({ start, end: last });
      start = last = -1;
      i += 1;
    } else if ((ch === '-' && next === '-') || (ch === '/' && next === '/')) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      // '' (or "") inside is the quote itself; a backslash escapes the next character in a string.
      while (j < sql.length && !(sql[j] === ch && sql[j + 1] !== ch)) j += sql[j] === '\\' && ch === "'" ? 2 : sql[j] === ch ? 2 : 1;
      code(i, Math.min(j + 1, sql.length));
      i = j + 1;
    } else if (ch === '$' && next === '$') {
      const end = sql.indexOf('$$', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      code(i, stop);
      i = stop;
    } else {
      if (!/\s/.test(ch)) code(i, i + 1);
      i += 1;
    }
  }
  if (start >= 0) out.push({ start, end: last });
  return out;
}

/**
 * A query as Floe wraps it (in a sample's LIMIT, a watermark's WHERE): without the semicolons,
 * blanks and comments after its last statement, which would break the wrapping (a trailing
 * `-- comment` would swallow the closing parenthesis).
 */
export function queryBody(sql: string): string {
  const last = statementsOf(sql).at(-1);
  return last ? sql.slice(0, last.end) : sql.trim();
}
