export interface TemplateValues {
  last_sync_time: string;
}

export type Bound = { ok: true; sql: string; binds: string[] } | { ok: false; reason: string };

const TEMPLATE = /\{\{\s*([a-z_]+)\s*\}\}/g;

/**
 * Replaces `{{name}}` with a bound parameter `?` and collects its value: template values are
 * never spliced into SQL text. Occurrences inside string literals or comments are left alone.
 */
export function bindTemplate(sql: string, values: TemplateValues): Bound {
  const binds: string[] = [];
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      const stop = end === -1 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '{' && next === '{') {
      TEMPLATE.lastIndex = i;
      const match = TEMPLATE.exec(sql);
      if (!match || match.index !== i) return { ok: false, reason: `Unfinished template value at position ${i + 1}: write {{last_sync_time}}.` };
      const name = match[1]!;
      if (!Object.hasOwn(values, name)) return { ok: false, reason: `Unknown template value {{${name}}}: Floe knows {{last_sync_time}}.` };
      binds.push(values[name as keyof TemplateValues]);
      out += '?';
      i += match[0].length;
    } else {
      out += ch;
      i += 1;
    }
  }
  return { ok: true, sql: out, binds };
}

/** True when the query refers to {{last_sync_time}} outside strings and comments. */
export function usesLastSyncTime(sql: string): boolean {
  const bound = bindTemplate(sql, { last_sync_time: '' });
  return bound.ok && bound.binds.length > 0;
}
