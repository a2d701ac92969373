// Small lexical helpers that respect '…' strings, "…" identifiers, $$…$$ and comments.

type Segment = { text: string; quoted: boolean };

export function segments(sql: string): Segment[] {
  const out: Segment[] = [];
  let buf = '';
  let i = 0;
  const flush = (quoted: boolean, text: string): void => {
    if (buf) out.push({ text: buf, quoted: false });
    buf = '';
    out.push({ text, quoted });
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === '\\' && ch === "'") {
          j += 2;
          continue;
        }
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      flush(true, sql.slice(i, j + 1));
      i = j + 1;
    } else if (ch === '$' && next === '$') {
      const end = sql.indexOf('$$', i + 2);
      const j = end < 0 ? sql.length : end + 2;
      flush(true, sql.slice(i, j));
      i = j;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const j = end < 0 ? sql.length : end;
      flush(true, sql.slice(i, j));
      i = j;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const j = end < 0 ? sql.length : end + 2;
      flush(true, sql.slice(i, j));
      i = j;
    } else {
      buf += ch;
      i++;
    }
  }
  if (buf) out.push({ text: buf, quoted: false });
  return out;
}

export function mapUnquoted(sql: string, fn: (text: string) => string): string {
  return segments(sql)
    .map((s) => (s.quoted ? s.text : fn(s.text)))
    .join('');
}

// Splits on top-level semicolons; empty statements (and comment-only ones) are dropped.
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const s of segments(sql)) {
    if (s.quoted) {
      cur += s.text;
      continue;
    }
    const parts = s.text.split(';');
    parts.forEach((p, idx) => {
      cur += p;
      if (idx < parts.length - 1) {
        out.push(cur);
        cur = '';
      }
    });
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => stripComments(x).trim().length > 0);
}

export function stripComments(sql: string): string {
  return segments(sql)
    .filter((s) => !(s.quoted && (s.text.startsWith('--') || s.text.startsWith('/*'))))
    .map((s) => s.text)
    .join('');
}

// Upper-case words of the statement outside quotes, for keyword sniffing.
export function keywordView(sql: string): string {
  return segments(stripComments(sql))
    .map((s) => (s.quoted ? ' ? ' : s.text.toUpperCase()))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// Snowflake identifier normalisation: unquoted → upper case, quoted → as written.
export function normalizeIdent(raw: string): string {
  const t = raw.trim();
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) return t.slice(1, -1).replace(/""/g, '"');
  return t.toUpperCase();
}

// Splits a possibly-qualified name `a.b."c.d"` into normalised parts.
export function splitQualified(raw: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let inQ = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '"') {
      if (inQ && raw[i + 1] === '"') {
        cur += '""';
        i++;
        continue;
      }
      inQ = !inQ;
      cur += ch;
    } else if (ch === '.' && !inQ) {
      parts.push(normalizeIdent(cur));
      cur = '';
    } else cur += ch;
  }
  parts.push(normalizeIdent(cur));
  return parts;
}
