import { normalizeIdent } from './sql-text';

// A tiny tokenizer for the account-level statements the emulator runs itself (CREATE USER,
// GRANT, SHOW, …). polyglot parses queries; these are simpler and polyglot doesn't model them.

export interface Token {
  kind: 'word' | 'string' | 'qident' | 'number' | 'punct';
  text: string;
  upper: string;
}

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const e = sql.indexOf('*/', i + 2);
      i = e < 0 ? sql.length : e + 2;
    } else if (ch === "'") {
      let j = i + 1;
      let v = '';
      while (j < sql.length) {
        if (sql[j] === '\\' && j + 1 < sql.length) {
          v += sql[j + 1];
          j += 2;
        } else if (sql[j] === "'" && sql[j + 1] === "'") {
          v += "'";
          j += 2;
        } else if (sql[j] === "'") break;
        else v += sql[j++];
      }
      out.push({ kind: 'string', text: v, upper: v.toUpperCase() });
      i = j + 1;
    } else if (ch === '$' && sql[i + 1] === '$') {
      const e = sql.indexOf('$$', i + 2);
      const v = sql.slice(i + 2, e < 0 ? sql.length : e);
      out.push({ kind: 'string', text: v, upper: v.toUpperCase() });
      i = e < 0 ? sql.length : e + 2;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === '"' && sql[j + 1] !== '"')) j += sql[j] === '"' ? 2 : 1;
      const raw = sql.slice(i, j + 1);
      const v = normalizeIdent(raw);
      out.push({ kind: 'qident', text: v, upper: v });
      i = j + 1;
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < sql.length && /[0-9.eE]/.test(sql[j]!)) j++;
      const v = sql.slice(i, j);
      out.push({ kind: 'number', text: v, upper: v });
      i = j;
    } else if (/[A-Za-z_$]/.test(ch)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j]!)) j++;
      const v = sql.slice(i, j);
      out.push({ kind: 'word', text: v, upper: v.toUpperCase() });
      i = j;
    } else {
      if (ch !== ';') out.push({ kind: 'punct', text: ch, upper: ch });
      i++;
    }
  }
  return out;
}

export class TokenStream {
  pos = 0;
  constructor(readonly tokens: Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  // Consumes the keyword sequence if it is next; keywords are case-insensitive words.
  accept(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) {
      const t = this.tokens[this.pos + k];
      if (!t || t.kind !== 'word' && t.kind !== 'punct' || t.upper !== words[k]) return false;
    }
    this.pos += words.length;
    return true;
  }

  next(): Token | undefined {
    return this.tokens[this.pos++];
  }

  // An identifier, possibly qualified: a.b."C". Returns normalised parts.
  name(): string[] | null {
    const parts: string[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || (t.kind !== 'word' && t.kind !== 'qident')) return parts.length ? parts : null;
      this.pos++;
      parts.push(t.kind === 'word' ? t.upper : t.text);
      if (this.peek()?.text === '.') this.pos++;
      else return parts;
    }
  }

  rest(): Token[] {
    return this.tokens.slice(this.pos);
  }
}

export type PropValue = string | number | boolean | null | string[];

// KEY = value [KEY = value …]; values: 'str', number, TRUE/FALSE, NULL, word, ('a', 'b').
export function parseProps(ts: TokenStream): Map<string, PropValue> {
  const props = new Map<string, PropValue>();
  while (!ts.atEnd()) {
    const key = ts.next()!;
    if (key.text === ',') continue;
    if (ts.peek()?.text !== '=') {
      props.set(key.upper, true);
      continue;
    }
    ts.next();
    const v = ts.next();
    if (!v) break;
    if (v.text === '(') {
      const list: string[] = [];
      while (!ts.atEnd() && ts.peek()?.text !== ')') {
        const item = ts.next()!;
        if (item.text !== ',') list.push(item.kind === 'word' ? item.upper : item.text);
      }
      ts.next();
      props.set(key.upper, list);
    } else if (v.kind === 'number') props.set(key.upper, Number(v.text));
    else if (v.kind === 'word' && (v.upper === 'TRUE' || v.upper === 'FALSE')) props.set(key.upper, v.upper === 'TRUE');
    else if (v.kind === 'word' && v.upper === 'NULL') props.set(key.upper, null);
    else if (v.kind === 'word') {
      // Qualified names such as DEFAULT_NAMESPACE = db.schema
      let val = v.upper;
      while (ts.peek()?.text === '.') {
        ts.next();
        const n = ts.next();
        if (n) val += `.${n.kind === 'word' ? n.upper : n.text}`;
      }
      props.set(key.upper, val);
    } else props.set(key.upper, v.text);
  }
  return props;
}

export function likeToRegExp(pattern: string): RegExp {
  const esc = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${esc}$`, 'i');
}
